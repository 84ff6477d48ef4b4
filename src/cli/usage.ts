/** What `support-audit --help` prints. */

export const USAGE = `Usage: support-audit [options]

Reports the API calls AWS Support made in your AWS accounts, from CloudTrail logs.
With no options (or only --output-dir, --format, --dry-run, --source), audits the synthetic sample shipped in
examples/logs (examples/security-lake with --source security-lake); any other option needs --logs or --bucket.

Where the logs are
  --source cloudtrail|security-lake
                             a trail's log files (default) or Amazon Security Lake's OCSF table or bucket copy
  --logs DIR                 a local copy of the trail (or Security Lake) bucket; selects the local engine
  --engine local|athena      local when --logs is given, otherwise athena
  --bucket B                 the trail bucket (athena)
  --prefix P                 the key prefix before AWSLogs/
  --organization-id o-...    for an organization trail (AWSLogs/o-.../ACCOUNT/...)
  --account ID[,ID...]       12-digit account ids (athena: required; local: all found when omitted)
  --region R[,R...]          regions (athena: required; local: all found when omitted)

When (UTC, both ends included)
  --start-date YYYY-MM-DD    alias --start
  --end-date YYYY-MM-DD      alias --end; default today
  --lookback-days N          the N complete days ending yesterday (default 7)

Athena
  --database D               default "default"
  --table T                  default "cloudtrail_logs_pp"
  --workgroup W              default "primary"
  --output-location S3URI    query results location, unless the workgroup sets one
  --catalog C                default "AwsDataCatalog"
  --create-table / --no-create-table
                             create the table when it is missing (default on)
  --projection-start DATE    first day of the table's date projection (default 2013-11-01)
  --timeout-seconds N        deadline for the audit's Athena work, every request included (default 900)
  --result-reuse-minutes N   let Athena reuse a result up to N minutes old (default 0: off)

Audit
  --query-set single-scan|seed
                             single-scan (default): one scan answers everything; seed: the article's five queries
  --threshold N              exit 1 when support calls exceed N
  --fail-on-write-calls      exit 1 on any support call not recorded as read-only
  --require-logs / --no-require-logs
                             exit 1 when an account has no logs in the window (default on; needs single-scan)
  --output-dir DIR           alias --out; where report.md, report.html, summary.json, events.json, events.csv go
                             (default ./support-audit-report)
  --format md|json           what to print on stdout (default md)
  --dry-run                  print every statement it would run, then exit without running any
  --debug                    print stack traces of unexpected errors
  --help, --version

Exit codes: 0 audited, 1 a gate failed (threshold, write calls, missing logs), 2 usage or runtime error.
`;
