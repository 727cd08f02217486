import { missingParameter } from '../wire/aws-error.js';
import { findRole, noSuchRole, roleXml } from './iam-roles.js';
import { listRoles } from './iam-list-roles.js';
import { simulatePrincipalPolicy } from './iam-simulate-principal-policy.js';
import type { QueryHandler } from '../wire/query-handler.js';

// IAM: the calls the gates make (iam.roles_materialized / iam.bindings: GetRole, or ListRoles for
// many roles at once; iam.simulate: SimulatePrincipalPolicy).

export const IAM_ACTIONS: Record<string, QueryHandler> = {
  GetRole: async (state, params) => {
    const name = params.get('RoleName');
    if (!name) throw missingParameter('roleName');
    const found = findRole(state, name);
    if (!found) throw noSuchRole(name);
    return { Role: roleXml(state, found[0], found[1]) };
  },
  ListRoles: listRoles,
  SimulatePrincipalPolicy: simulatePrincipalPolicy,
};
