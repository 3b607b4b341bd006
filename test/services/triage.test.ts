// Pins every triage rule from docs/triage.md, the scenarios' required priorities, and the result's ordering guarantees.
import { ILO_INDICATORS, PRIORITIES, type Indicator, type Priority } from '../../models/domain';
import { comparePriority, triage, type TriageInput, type TriageReasonCode } from '../../services/triage';

// The contract of docs/triage.md, written out independently of the implementation's table.
// A Record makes the compiler fail here when a reason code is added without a priority.
const REASON_PRIORITY: Record<TriageReasonCode, Priority> = {
  dangerSignal: 'critical',
  selfHarm: 'critical',
  notSafeNow: 'critical',
  violence: 'critical',
  confinement: 'critical',
  shelterTonightWithChildren: 'critical',
  shelterTonightMedicalNeeds: 'critical',
  unsureIfSafe: 'high',
  shelterTonight: 'high',
  coreIndicator: 'high',
  multipleIndicators: 'high',
  domesticWorker: 'high',
  shelterRequest: 'high',
  urgentAssistance: 'high',
  indicatorReported: 'medium',
  abuseReport: 'medium',
  humanRequested: 'medium',
  assistanceThisWeek: 'medium',
  noRiskSignal: 'low',
};

type RuleCase = [name: string, input: TriageInput, priority: Priority, reasons: TriageReasonCode[]];

const report = (indicators: Indicator[], rest: Partial<TriageInput> = {}): TriageInput => ({
  requestType: 'abuseReport',
  indicators,
  safeNow: 'yes',
  sector: 'other',
  ...rest,
});

describe('triage rules', () => {
  const critical: RuleCase[] = [
    ['danger signal', { requestType: 'handoff', indicators: [], dangerSignal: true }, 'critical', ['dangerSignal', 'humanRequested']],
    ['self-harm words', { requestType: 'assistanceRequest', indicators: [], selfHarm: true }, 'critical', ['selfHarm']],
    ['not safe now', report([], { safeNow: 'no' }), 'critical', ['notSafeNow', 'abuseReport']],
    ['physical or sexual violence, even when safe now', report(['physicalSexualViolence']), 'critical', ['violence', 'indicatorReported', 'abuseReport']],
    [
      'restriction of movement, safety question skipped',
      report(['restrictionOfMovement'], { safeNow: undefined }),
      'critical',
      ['confinement', 'coreIndicator', 'indicatorReported', 'abuseReport'],
    ],
    [
      'restriction of movement, unsure if safe',
      report(['restrictionOfMovement'], { safeNow: 'unsure' }),
      'critical',
      ['confinement', 'unsureIfSafe', 'coreIndicator', 'indicatorReported', 'abuseReport'],
    ],
    [
      'restriction of movement, not safe',
      report(['restrictionOfMovement'], { safeNow: 'no' }),
      'critical',
      ['notSafeNow', 'confinement', 'coreIndicator', 'indicatorReported', 'abuseReport'],
    ],
    [
      'shelter tonight with children',
      { requestType: 'shelterRequest', indicators: [], safeNow: 'yes', shelterTonight: true, withChildren: true },
      'critical',
      ['shelterTonightWithChildren', 'shelterTonight', 'shelterRequest'],
    ],
    [
      'shelter tonight with medical needs',
      { requestType: 'shelterRequest', indicators: [], safeNow: 'yes', shelterTonight: true, medicalNeeds: true },
      'critical',
      ['shelterTonightMedicalNeeds', 'shelterTonight', 'shelterRequest'],
    ],
    [
      'shelter tonight, not safe now',
      { requestType: 'shelterRequest', indicators: [], safeNow: 'no', shelterTonight: true },
      'critical',
      ['notSafeNow', 'shelterTonight', 'shelterRequest'],
    ],
  ];

  const high: RuleCase[] = [
    [
      'restriction of movement, safe now',
      report(['restrictionOfMovement']),
      'high',
      ['coreIndicator', 'indicatorReported', 'abuseReport'],
    ],
    [
      'shelter tonight, alone, safe',
      { requestType: 'shelterRequest', indicators: [], safeNow: 'yes', shelterTonight: true },
      'high',
      ['shelterTonight', 'shelterRequest'],
    ],
    [
      'shelter not tonight, even with children',
      { requestType: 'shelterRequest', indicators: [], safeNow: 'yes', shelterTonight: false, withChildren: true, medicalNeeds: true },
      'high',
      ['shelterRequest'],
    ],
    [
      'domestic worker with two non-core indicators',
      report(['withholdingOfWages', 'excessiveOvertime'], { sector: 'domestic' }),
      'high',
      ['domesticWorker', 'indicatorReported', 'abuseReport'],
    ],
    [
      'three indicators in any sector',
      report(['withholdingOfWages', 'excessiveOvertime', 'abusiveConditions'], { sector: 'construction' }),
      'high',
      ['multipleIndicators', 'indicatorReported', 'abuseReport'],
    ],
    [
      'documents retained with another indicator',
      report(['retentionOfIdentityDocuments', 'withholdingOfWages'], { sector: 'construction' }),
      'high',
      ['coreIndicator', 'indicatorReported', 'abuseReport'],
    ],
    ['debt bondage alone', report(['debtBondage']), 'high', ['coreIndicator', 'indicatorReported', 'abuseReport']],
    ['intimidation and threats alone', report(['intimidationThreats']), 'high', ['coreIndicator', 'indicatorReported', 'abuseReport']],
    ['isolation of a domestic worker', report(['isolation'], { sector: 'domestic' }), 'high', ['coreIndicator', 'indicatorReported', 'abuseReport']],
    ['unsure if safe', { requestType: 'assistanceRequest', indicators: [], safeNow: 'unsure' }, 'high', ['unsureIfSafe']],
    ['assistance needed now', { requestType: 'assistanceRequest', indicators: [], assistanceUrgency: 'now' }, 'high', ['urgentAssistance']],
  ];

  const medium: RuleCase[] = [
    ['a single non-core indicator', report(['deception']), 'medium', ['indicatorReported', 'abuseReport']],
    ['documents retained, nothing else', report(['retentionOfIdentityDocuments']), 'medium', ['indicatorReported', 'abuseReport']],
    ['isolation outside domestic work', report(['isolation'], { sector: 'construction' }), 'medium', ['indicatorReported', 'abuseReport']],
    [
      'two non-core indicators outside domestic work',
      report(['withholdingOfWages', 'excessiveOvertime']),
      'medium',
      ['indicatorReported', 'abuseReport'],
    ],
    [
      'a repeated indicator counts once',
      report(['withholdingOfWages', 'withholdingOfWages', 'withholdingOfWages'], { sector: 'domestic' }),
      'medium',
      ['indicatorReported', 'abuseReport'],
    ],
    ['a handoff with no information', { requestType: 'handoff', indicators: [] }, 'medium', ['humanRequested']],
    ['a handoff from someone safe', { requestType: 'handoff', indicators: [], safeNow: 'yes', sector: 'construction' }, 'medium', ['humanRequested']],
    ['an abuse report with no indicator recorded', report([]), 'medium', ['abuseReport']],
    ['assistance needed this week', { requestType: 'assistanceRequest', indicators: [], assistanceUrgency: 'thisWeek' }, 'medium', ['assistanceThisWeek']],
    [
      'an indicator in an assistance request',
      { requestType: 'assistanceRequest', indicators: ['excessiveOvertime'], safeNow: 'yes' },
      'medium',
      ['indicatorReported'],
    ],
  ];

  const low: RuleCase[] = [
    ['an information-only request', { requestType: 'assistanceRequest', indicators: [] }, 'low', ['noRiskSignal']],
    [
      'assistance later, safe, every flag false',
      {
        requestType: 'assistanceRequest',
        indicators: [],
        safeNow: 'yes',
        dangerSignal: false,
        selfHarm: false,
        sector: 'domestic',
        shelterTonight: false,
        withChildren: false,
        medicalNeeds: false,
        assistanceUrgency: 'later',
      },
      'low',
      ['noRiskSignal'],
    ],
  ];

  // Priority moved second so the test title reads "name → priority".
  const cases = [...critical, ...high, ...medium, ...low].map(([name, input, priority, reasons]) => [name, priority, input, reasons] as const);
  test.each(cases)('%s → %s', (_name, priority, input, reasons) => {
    expect(triage(input)).toEqual({ priority, reasons: [...reasons] });
  });
});

describe('scenarios (shared/scenarios/README.md)', () => {
  type ScenarioCase = [id: string, input: TriageInput, atLeast: Priority, exactly: Priority];
  const scenarios: ScenarioCase[] = [
    [
      'S1 passport taken, wages unpaid, domestic worker',
      report(['retentionOfIdentityDocuments', 'withholdingOfWages'], { sector: 'domestic' }),
      'high',
      'high',
    ],
    ['S2 asks for a person after reading an article', { requestType: 'handoff', indicators: [] }, 'medium', 'medium'],
    [
      'S3 locked in, mid-dialog',
      { requestType: 'handoff', indicators: ['restrictionOfMovement'], dangerSignal: true },
      'critical',
      'critical',
    ],
    [
      'S4 a safe place tonight, with a child',
      { requestType: 'shelterRequest', indicators: [], shelterTonight: true, withChildren: true, medicalNeeds: false },
      'high',
      'critical',
    ],
    ['S5 anonymous report, wages withheld', report(['withholdingOfWages']), 'medium', 'medium'],
  ];

  test.each(scenarios)('%s → at least %s, exactly %s', (_id, input, atLeast, exactly) => {
    const { priority } = triage(input);
    expect(comparePriority(priority, atLeast)).toBeLessThanOrEqual(0);
    expect(priority).toBe(exactly);
  });

  test('S1 names both reasons the scenario gives: domestic worker and the indicators', () => {
    expect(triage(scenarios[0][1]).reasons).toEqual(['coreIndicator', 'domesticWorker', 'indicatorReported', 'abuseReport']);
  });

  test('S3 leads with the danger signal, then the confinement', () => {
    expect(triage(scenarios[2][1]).reasons.slice(0, 2)).toEqual(['dangerSignal', 'confinement']);
  });
});

// Every combination of a representative slice of the input space, so ordering
// guarantees are checked beyond the hand-picked cases.
function* allInputs(): Generator<TriageInput> {
  const requestTypes = ['abuseReport', 'shelterRequest', 'assistanceRequest', 'handoff'] as const;
  const safeNows = [undefined, 'yes', 'no', 'unsure'] as const;
  const sectors = [undefined, 'domestic', 'construction', 'other'] as const;
  const urgencies = [undefined, 'now', 'thisWeek', 'later'] as const;
  const flags = [false, true] as const;
  const indicatorSets: Indicator[][] = [
    [],
    ['withholdingOfWages'],
    ['retentionOfIdentityDocuments'],
    ['isolation'],
    ['retentionOfIdentityDocuments', 'withholdingOfWages'],
    ['restrictionOfMovement', 'isolation'],
    ['physicalSexualViolence'],
    ['deception', 'excessiveOvertime', 'abusiveConditions'],
  ];
  for (const requestType of requestTypes)
    for (const safeNow of safeNows)
      for (const sector of sectors)
        for (const assistanceUrgency of urgencies)
          for (const indicators of indicatorSets)
            for (const dangerSignal of flags)
              for (const selfHarm of flags)
                for (const shelterTonight of flags)
                  for (const withChildren of flags)
                    for (const medicalNeeds of flags)
                      yield { requestType, indicators, safeNow, sector, assistanceUrgency, dangerSignal, selfHarm, shelterTonight, withChildren, medicalNeeds };
}

describe('result guarantees over the input space', () => {
  const inputs = [...allInputs()];
  const results = inputs.map(triage);
  // One expect per property, not per input: 65,536 expects would take most of a minute.
  const violating = (holds: (index: number) => boolean): TriageInput[] =>
    inputs.filter((_input, index) => !holds(index)).slice(0, 3);

  test('reasons are never empty and never repeat', () => {
    expect(violating((i) => results[i].reasons.length > 0 && new Set(results[i].reasons).size === results[i].reasons.length)).toEqual([]);
  });

  test('reasons run from most to least urgent, and the first one sets the priority', () => {
    const sorted = (i: number): boolean => {
      const ranks = results[i].reasons.map((code) => PRIORITIES.indexOf(REASON_PRIORITY[code]));
      return ranks.every((rank, k) => k === 0 || ranks[k - 1] <= rank);
    };
    expect(violating((i) => sorted(i) && results[i].priority === REASON_PRIORITY[results[i].reasons[0]])).toEqual([]);
  });

  test('noRiskSignal appears only alone, and only for low', () => {
    const alone = (i: number): boolean =>
      !results[i].reasons.includes('noRiskSignal') || (results[i].priority === 'low' && results[i].reasons.length === 1);
    expect(violating(alone)).toEqual([]);
  });

  test('every reason code in the contract is reachable', () => {
    const seen = new Set(results.flatMap((result) => result.reasons));
    expect([...seen].sort()).toEqual(Object.keys(REASON_PRIORITY).sort());
  });

  // More information about harm must never make a case wait longer.
  test.each([...ILO_INDICATORS])('adding %s never lowers the priority', (indicator) => {
    const notLowered = (i: number): boolean =>
      comparePriority(triage({ ...inputs[i], indicators: [...inputs[i].indicators, indicator] }).priority, results[i].priority) <= 0;
    expect(violating(notLowered)).toEqual([]);
  });

  test.each(['dangerSignal', 'selfHarm', 'shelterTonight', 'withChildren', 'medicalNeeds'] as const)(
    'setting %s never lowers the priority',
    (flag) => {
      const notLowered = (i: number): boolean => comparePriority(triage({ ...inputs[i], [flag]: true }).priority, results[i].priority) <= 0;
      expect(violating(notLowered)).toEqual([]);
    },
  );
});

describe('purity', () => {
  const input: TriageInput = Object.freeze({
    requestType: 'shelterRequest',
    indicators: Object.freeze<Indicator[]>(['restrictionOfMovement', 'isolation', 'debtBondage']),
    safeNow: 'unsure',
    sector: 'domestic',
    shelterTonight: true,
    withChildren: true,
  });

  test('does not mutate its input (a frozen input would throw)', () => {
    const before = structuredClone(input);
    triage(input);
    expect(input).toEqual(before);
  });

  test('gives the same result every time', () => {
    expect(triage(input)).toEqual(triage(input));
  });

  test('returns a fresh reasons array, so one caller cannot change another result', () => {
    const first = triage(input);
    first.reasons.length = 0;
    expect(triage(input).reasons.length).toBeGreaterThan(0);
  });
});

describe('comparePriority', () => {
  type PairCase = [a: Priority, b: Priority, sign: -1 | 0 | 1];
  const pairs: PairCase[] = [
    ['critical', 'high', -1],
    ['critical', 'low', -1],
    ['high', 'medium', -1],
    ['medium', 'low', -1],
    ['low', 'critical', 1],
    ['medium', 'high', 1],
    ['high', 'high', 0],
    ['low', 'low', 0],
  ];

  test.each(pairs)('compare(%s, %s) has sign %i', (a, b, sign) => {
    expect(Math.sign(comparePriority(a, b))).toBe(sign);
  });

  test('sorts priorities most urgent first', () => {
    const shuffled: Priority[] = ['low', 'critical', 'medium', 'high', 'low', 'critical'];
    expect(shuffled.sort(comparePriority)).toEqual(['critical', 'critical', 'high', 'medium', 'low', 'low']);
  });

  test('sorts a queue of cases most urgent first, keeping arrival order within a priority', () => {
    const queue = [
      { id: 'info', input: { requestType: 'assistanceRequest', indicators: [] } },
      { id: 'wages-1', input: report(['withholdingOfWages']) },
      { id: 'locked-in', input: { requestType: 'handoff', indicators: ['restrictionOfMovement'], dangerSignal: true } },
      { id: 'passport', input: report(['retentionOfIdentityDocuments', 'withholdingOfWages'], { sector: 'domestic' }) },
      { id: 'wages-2', input: report(['withholdingOfWages']) },
    ] satisfies { id: string; input: TriageInput }[];
    const sorted = queue
      .map((item) => ({ id: item.id, priority: triage(item.input).priority }))
      .sort((x, y) => comparePriority(x.priority, y.priority));
    expect(sorted.map((item) => item.id)).toEqual(['locked-in', 'passport', 'wages-1', 'wages-2', 'info']);
  });
});

describe('constants', () => {
  test('the ILO list has its 11 indicators, each once', () => {
    expect(new Set(ILO_INDICATORS).size).toBe(11);
  });

  test('priorities run from most to least urgent', () => {
    expect([...PRIORITIES]).toEqual(['critical', 'high', 'medium', 'low']);
  });
});
