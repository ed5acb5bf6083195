// Imports every route-spec module so the registry (OpenAPI, authorization matrix) is complete.
// Each domain adds its specs module here.
import "./specs-core";
import "../directory/specs";
import "../scim-server/specs";
import "../mappings/specs";
import "../apps/specs";
import "../logs/specs";
import "../sync/specs";
import "../sync/statistics-specs";
import "../notify/specs";
import "../sync/preview/specs";
import "../configuration/specs";
import "../auth/specs";
