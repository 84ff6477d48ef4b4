/** The sample's log files, planned before any is written: background traffic, then each planted group. */
import { addDays, eachDay } from '../../src/core/dates.js';
import { SAMPLE_WINDOW } from '../../src/core/sample.js';
import { callsIn, SUPPORT_READS, type CallName } from './api-calls.js';
import { legacySupportRoot, supportRole, supportRoleForwarded, type Identity } from './identities.js';
import { dayOf, dayStart, isoSeconds } from './layout.js';
import { NOISE } from './noise.js';
import { place, type Place } from './places.js';
import { HEX_DIGITS, type Random } from './random.js';
import {
  apiCallTemplate,
  supportApiTemplate,
  supportAuthzTemplate,
  supportPermitTemplate,
  trailChangeTemplate,
  type EventOptions,
} from './records.js';
import { EXPLANATION_PLAN, SAMPLE_PLAN, SAMPLE_SOURCES, type PlantedGroup } from './sample-plan.js';
import { pickWeighted, sourceTemplates, type SourceTemplates } from './sources.js';
import { render, type Template } from './templates.js';

interface PlannedRecord {
  readonly time: string;
  readonly json: string;
  readonly template: Template;
  /** The same record as another file holds: a second delivery of one event. */
  readonly deliveredAgain?: true;
}

export interface PlannedFile {
  readonly account: string;
  readonly region: string;
  readonly deliveredAt: number;
  readonly records: PlannedRecord[];
  readonly corrupt: boolean;
}

function plantedTemplates(group: PlantedGroup, p: Place, random: Random): Template[] {
  const count = group.count ?? 1;
  const session = `SupportSession-${group.at.slice(0, 10).replaceAll('-', '')}-${random.chars(HEX_DIGITS, 6)}`;
  const calls = (available: readonly CallName[]) => {
    const list = group.calls ?? callsIn(p.region, available);
    return Array.from({ length: count }, (_, i) =>
      group.calls ? list[i % list.length]! : random.pick(list),
    );
  };
  const each = (who: Identity, available: readonly CallName[], options?: EventOptions) =>
    calls(available).map((call) => apiCallTemplate(p, who, call, options));
  switch (group.kind) {
    case 'supportRole':
    case 'supportRoleWrite':
      return each(supportRole(p, session), SUPPORT_READS);
    case 'supportRoleDenied':
      return each(supportRole(p, session), SUPPORT_READS, {
        errorCode: 'AccessDenied',
        errorMessage: 'Access Denied',
      });
    case 'supportRoleForwarded':
      return each(supportRoleForwarded(p, session), SUPPORT_READS);
    case 'legacyRoot':
      return each(legacySupportRoot(p), ['describeInstances', 'describeVolumes', 'describeSecurityGroups']);
    case 'supportApi':
      return [supportApiTemplate(p, group.supportApiCall ?? 'DescribeCases', group.caseKey)];
    case 'supportPermit':
      if (!group.permit) throw new Error(`the permit group at ${group.at} names no permit`);
      return [supportPermitTemplate(p, group.permitCall ?? 'create', group.permit)];
    case 'supportAuthz':
      return [supportAuthzTemplate(p)];
    case 'trailChange':
      return [trailChangeTemplate(p, group.trailCall ?? 'StopLogging', 'management-events')];
    default: {
      const noise = NOISE[group.kind];
      return each(noise.who(p), noise.calls);
    }
  }
}

function backgroundRecords(
  p: Place,
  templates: SourceTemplates,
  deliveredAt: number,
  count: number,
  random: Random,
): PlannedRecord[] {
  return Array.from({ length: count }, () => {
    const template = pickWeighted(templates, random);
    const time = isoSeconds(deliveredAt - random.between(30, 900) * 1000);
    return { time, json: render(template, time, random), template };
  });
}

/** The sample's files; `ownRandom` draws the explanation's groups, so that they leave the rest as it was. */
export function planSample(random: Random, ownRandom: Random): PlannedFile[] {
  const files: PlannedFile[] = [];
  const days = eachDay(addDays(SAMPLE_WINDOW.start, -1), addDays(SAMPLE_WINDOW.end, 1));
  const background = new Map<string, SourceTemplates>();
  for (const source of SAMPLE_SOURCES) {
    const p = place(source.account, source.region);
    const templates = sourceTemplates(p, 'unused', false);
    background.set(`${source.account}/${source.region}`, templates);
    for (const day of days) {
      const hours = 24 / source.filesPerDay;
      for (let f = 0; f < source.filesPerDay; f++) {
        const minute = f * hours * 60 + random.between(2, hours * 60 - 20);
        const deliveredAt = dayStart(day) + minute * 60_000;
        const records = backgroundRecords(p, templates, deliveredAt, random.between(3, 6), random);
        files.push({ account: p.account, region: p.region, deliveredAt, records, corrupt: false });
      }
    }
  }
  const groups = [
    ...SAMPLE_PLAN.map((group) => ({ group, random })),
    ...EXPLANATION_PLAN.map((group) => ({ group, random: ownRandom })),
  ];
  for (const { group, random } of groups) {
    const p = place(group.account, group.region);
    let time = Date.parse(group.at);
    const records = plantedTemplates(group, p, random).map((template, i) => {
      if (i > 0) time += random.between(4, 40) * 1000;
      const iso = isoSeconds(time);
      return { time: iso, json: render(template, iso, random), template };
    });
    const deliveredAt = Math.floor((time + random.between(4, 8) * 60_000) / 60_000) * 60_000;
    const templates = background.get(`${group.account}/${group.region}`);
    if (!templates) throw new Error(`no sample source ${group.account}/${group.region}`);
    if (!days.includes(dayOf(deliveredAt)))
      throw new Error(`group at ${group.at} is delivered outside the sample`);
    const planted = records.map((record): PlannedRecord => ({ ...record, deliveredAgain: true }));
    records.push(...backgroundRecords(p, templates, deliveredAt, random.between(1, 3), random));
    files.push({ ...p, deliveredAt, records, corrupt: group.corrupt === true });
    if (group.deliveredAgainIn !== undefined) {
      const again = place(group.account, group.deliveredAgainIn);
      const otherTemplates = background.get(`${group.account}/${group.deliveredAgainIn}`);
      if (!otherTemplates) throw new Error(`no sample source ${group.account}/${group.deliveredAgainIn}`);
      const more = backgroundRecords(again, otherTemplates, deliveredAt, random.between(1, 3), random);
      files.push({ ...again, deliveredAt, records: [...planted, ...more], corrupt: false });
    }
  }
  return files;
}
