/**
 * What a principal needs to read a table Lake Formation governs, as Security Lake's tables are: Athena asks Lake
 * Formation for the data (`lakeformation:GetDataAccess`, an IAM permission), and Lake Formation must grant the
 * principal DESCRIBE and SELECT on the table (a Lake Formation grant, not an IAM policy).
 */

export const LAKE_FORMATION_ADVICE =
  'Lake Formation governs this table: the role needs the IAM permission lakeformation:GetDataAccess, and a Lake ' +
  'Formation grant of DESCRIBE and SELECT on the table (a Security Lake subscriber with query access gets ' +
  'them; otherwise a data lake administrator grants them with aws lakeformation grant-permissions)';

/** True when AWS's words say Lake Formation refused, e.g. "Insufficient Lake Formation permission(s) on ...". */
export function lakeFormationRefused(message: string): boolean {
  return /lake ?formation/i.test(message);
}
