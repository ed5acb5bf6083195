// Imports every route-spec module so the registry (OpenAPI, authorization matrix) is complete.
// Each domain adds its specs module here.
import "./specs-core";
import "../scim-server/specs";
