// The mapping document shapes shared by the API (api.md), the editor, the
// connectors' default mappings and the sync engine.

/** One clause of a scoping filter. Clauses in a filter are AND-ed; filters are OR-ed. */
export type ScopingClause = {
  attribute: string;
  /** Microsoft's operator names: "EQUALS", "NOT EQUALS", "IS TRUE", "REGEX MATCH", "&", "!&", … */
  operator: string;
  value?: string | null;
};
export type ScopingFilters = ScopingClause[][];

export type AttributeMappingType = "direct" | "constant" | "expression" | "none";

export type AttributeMapping = {
  type: AttributeMappingType;
  /** source attribute name for "direct" (e.g. "userPrincipalName") */
  source?: string | null;
  /** Entra expression for "expression" (e.g. 'Join(" ", [givenName], [surname])') */
  expression?: string | null;
  /** literal for "constant" */
  constant?: string | null;
  /**
   * Target attribute path, Entra style: "userName", "name.givenName",
   * 'emails[type eq "work"].value', "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber".
   */
  target: string;
  /** used when the source value is null, on create only */
  defaultValue?: string | null;
  /** 1, 2, … : a matching attribute and its precedence; null/0 = not used for matching */
  matchingPrecedence?: number | null;
  applyOn: "always" | "create";
};

export type TargetAttribute = {
  name: string;
  type: "string" | "boolean" | "integer" | "dateTime" | "reference";
  multiValued?: boolean;
  required?: boolean;
  /** custom attributes added by an admin (extension attributes) */
  custom?: boolean;
};

export type MappingActions = { create: boolean; update: boolean; delete: boolean };

export type MappingDocument = {
  id: string;
  name: string;
  enabled: boolean;
  sourceObject: "user" | "group";
  targetObject: string;
  actions: MappingActions;
  scopingFilters: ScopingFilters;
  attributeMappings: AttributeMapping[];
  targetAttributes: TargetAttribute[];
};

/** Flattened SCIM attributes keyed by target path (the unit the engine diffs and the SCIM client writes). */
export type ScimValue = string | number | boolean | null | string[] | ScimMember[];
export type ScimMember = { value: string; display?: string };
export type FlatAttributes = Record<string, ScimValue>;
