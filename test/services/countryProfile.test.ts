// Guards the country-profile contract: the Bahrain profile is valid, sourced, flagged and fully worded in every locale.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import i18next from 'i18next';
import {
  agenciesFor,
  agencyContacts,
  citedSources,
  CountryProfile,
  CountryProfileError,
  emergencyContacts,
  loadCountryProfile,
  rightsArticle,
  unverifiedFacts,
} from '../../services/countryProfile';

const ROOT = path.join(__dirname, '..', '..');
const LOCALES_DIR = path.join(ROOT, 'locales');
const MAX_BODY_CHARS = 700;

const profile: CountryProfile = loadCountryProfile('bh');
const rawProfile = (): Record<string, unknown> =>
  JSON.parse(fs.readFileSync(path.join(ROOT, 'profiles', 'bh.json'), 'utf8')) as Record<string, unknown>;

/** Locale folders holding this profile's namespace, with their parsed JSON. */
const locales: [string, unknown][] = fs
  .readdirSync(LOCALES_DIR)
  .filter((lng) => fs.existsSync(path.join(LOCALES_DIR, lng, `${profile.namespace}.json`)))
  .map((lng) => [lng, JSON.parse(fs.readFileSync(path.join(LOCALES_DIR, lng, `${profile.namespace}.json`), 'utf8'))]);
const english = locales.find(([lng]) => lng === 'en')?.[1];

function lookup(tree: unknown, key: string): unknown {
  return key.split('.').reduce<unknown>((node, part) => (typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[part] : undefined), tree);
}

function leafKeys(tree: unknown, prefix = ''): string[] {
  if (typeof tree !== 'object' || tree === null) return [prefix];
  return Object.entries(tree).flatMap(([k, v]) => leafKeys(v, prefix ? `${prefix}.${k}` : k)).sort();
}

function placeholders(text: unknown): string[] {
  return typeof text === 'string' ? [...text.matchAll(/{{\s*([\w.]+)\s*}}/g)].map((m) => m[1] ?? '').sort() : [];
}

/** Every key the bot reads for this profile. */
const requiredKeys: string[] = [
  'name',
  'verifyNotice',
  ...profile.contacts.map((c) => `contacts.${c.id}.label`),
  ...profile.agencies.flatMap((a) => [`agencies.${a.id}.name`, `agencies.${a.id}.description`]),
  ...profile.rights.flatMap((r) => [`rights.${r.id}.title`, `rights.${r.id}.body`]),
];

describe('loadCountryProfile(bh)', () => {
  it('loads and validates the Bahrain profile', () => {
    expect(profile.id).toBe('bh');
    expect(profile.countryCode).toBe('BH');
    expect(profile.caseNumberPrefix).toBe('BH');
    expect(profile.namespace).toBe('country-bh');
    expect(profile.languages[0]).toBe(profile.defaultLanguage);
    expect(profile.rights.map((r) => r.id)).toEqual([
      'wages',
      'passport',
      'hoursRest',
      'changingEmployer',
      'recruitmentFees',
      'domesticWorkers',
      'trafficking',
      'howToComplain',
    ]);
  });

  it('lists every number in the brief', () => {
    expect(profile.contacts.map((c) => c.number).sort()).toEqual(
      ['999', '995', '555', '17710652', '17506055', '17103103', '33150150', '8000 11 44'].sort(),
    );
  });

  it('cites only sources it carries, and carries only sources it cites', () => {
    const cited = new Set([...profile.contacts, ...profile.agencies, ...profile.rights].flatMap((e) => e.sources).map(String));
    for (const n of cited) expect(profile.sources).toHaveProperty([n]);
    expect(Object.keys(profile.sources).sort()).toEqual([...cited].sort());
  });

  it.each([['999'], ['995'], ['555'], ['17506055'], ['8000 11 44']])('flags %s for verification, with a note', (number) => {
    const contact = profile.contacts.find((c) => c.number === number);
    expect(contact?.verify).toBe(true);
    expect(contact?.verifyNote).toEqual(expect.any(String));
  });

  it('flags the passport article for verification, with a note', () => {
    expect(rightsArticle(profile, 'passport')).toMatchObject({ verify: true, verifyNote: expect.any(String) });
  });
});

describe('profile helpers', () => {
  it('emergencyContacts(): 999, then the trafficking line, then EPC', () => {
    expect(emergencyContacts(profile).map((c) => c.number)).toEqual(['999', '555', '995']);
  });

  it('unverifiedFacts(): every contact, agency and rights article marked verify, with what to check', () => {
    const facts = unverifiedFacts(profile);
    expect(facts.map((f) => `${f.kind}:${f.id}`)).toEqual([
      'contact:policeEmergency',
      'contact:cidTraffickingHotline',
      'contact:epcHotline',
      'contact:cidTransferFeesLine',
      'contact:lmraGeneral',
      'contact:nihrHotline',
      'agency:mwps',
      'rights:passport',
      'rights:changingEmployer',
      'rights:domesticWorkers',
    ]);
    expect(facts[0]).toEqual({ kind: 'contact', id: 'policeEmergency', number: '999', note: expect.stringMatching(/^Crime emergency line/), sources: [15] });
    expect(facts.every((f) => f.note.length > 0)).toBe(true);
  });

  it('rightsArticle(): finds by id, undefined otherwise', () => {
    expect(rightsArticle(profile, 'wages')?.sources).toEqual([32, 33]);
    expect(rightsArticle(profile, 'noSuchTopic')).toBeUndefined();
  });

  it('agenciesFor(): filters by purpose in profile order', () => {
    expect(agenciesFor(profile, 'shelter').map((a) => a.id)).toEqual(['epc', 'mwps']);
    expect(agenciesFor(profile, 'emergency').map((a) => a.id)).toEqual(['police', 'policeCid']);
    expect(agenciesFor(profile, 'trafficking').map((a) => a.id)).toEqual(['epc', 'nrm', 'policeCid']);
  });

  it('agencyContacts() and citedSources() resolve references', () => {
    const lmra = profile.agencies.find((a) => a.id === 'lmra');
    expect(lmra && agencyContacts(profile, lmra).map((c) => c.number)).toEqual(['17103103', '17506055', '33150150']);
    expect(citedSources(profile, [15]).map((s) => s.title)).toEqual(['OSAC Country Security Report: Bahrain']);
  });
});

describe('country-bh locales', () => {
  it('has English and Arabic', () => {
    expect(locales.map(([lng]) => lng)).toEqual(expect.arrayContaining(['en', 'ar']));
  });

  describe.each(locales)('%s', (lng, texts) => {
    it.each(requiredKeys)('has %s', (key) => {
      expect(lookup(texts, key)).toEqual(expect.stringMatching(/\S/));
    });

    it('has exactly the English keys and placeholders', () => {
      expect(leafKeys(texts)).toEqual(leafKeys(english));
      for (const key of leafKeys(english)) expect([key, placeholders(lookup(texts, key))]).toEqual([key, placeholders(lookup(english, key))]);
    });

    it('ends every rights body with {{sources}} and keeps it short', () => {
      for (const article of profile.rights) {
        const body = String(lookup(texts, `rights.${article.id}.body`));
        expect(body.trimEnd().endsWith('{{sources}}')).toBe(true);
        expect(body.length).toBeLessThanOrEqual(MAX_BODY_CHARS);
      }
    });

    it('words every verify article carefully and never cites the unsupported 19/2015 law', () => {
      // The same hedging sentence ("The rules may have changed; ...") must appear in every article marked verify.
      const sentences = (id: string): Set<string> =>
        new Set(String(lookup(texts, `rights.${id}.body`)).split(/(?<=[.।؟?!።۔])\s+/).map((x) => x.trim()));
      const verified = profile.rights.filter((r) => r.verify).map((r) => sentences(r.id));
      const shared = [...(verified[0] ?? [])].filter((sentence) => verified.every((set) => set.has(sentence)));
      expect(shared.filter((sentence) => sentence.length > 20 && !sentence.includes('{{'))).not.toHaveLength(0);
      expect(JSON.stringify(texts)).not.toMatch(/19\s*\/\s*2015/);
    });

    it('renders through i18next with the source titles filled in', async () => {
      const i18n = i18next.createInstance();
      await i18n.init({
        lng,
        ns: [profile.namespace],
        defaultNS: profile.namespace,
        resources: { [lng]: { [profile.namespace]: texts as Record<string, unknown> } },
        interpolation: { escapeValue: false },
      });
      const wages = rightsArticle(profile, 'wages');
      const titles = citedSources(profile, wages?.sources ?? []).map((s) => s.title).join('; ');
      const body = i18n.t('rights.wages.body', { sources: titles });
      expect(body).toContain(titles);
      expect(body).not.toContain('{{');
    });
  });
});

describe('loadCountryProfile() on a broken profile', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'country-profile-'));
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function writeProfile(id: string, edit: (p: Record<string, unknown>) => void): string {
    const data = { ...rawProfile(), id };
    edit(data);
    const file = path.join(dir, `${id}.json`);
    fs.writeFileSync(file, JSON.stringify(data));
    return file;
  }

  function loadError(id: string): CountryProfileError {
    try {
      loadCountryProfile(id, dir);
    } catch (error) {
      if (error instanceof CountryProfileError) return error;
      throw error;
    }
    throw new Error('expected loadCountryProfile() to throw');
  }

  it('names the file and the missing field', () => {
    const file = writeProfile('xa', (p) => delete p.timezone);
    const error = loadError('xa');
    expect(error.code).toBe('PROFILE_INVALID');
    expect(error.message).toContain(file);
    expect(error.message).toContain('timezone');
  });

  it('names the file and the bad language code', () => {
    const file = writeProfile('xb', (p) => (p.languages = ['en', 'xx']));
    const error = loadError('xb');
    expect(error.message).toContain(file);
    expect(error.message).toContain('"xx" is not a known language code');
    expect(error.message).toContain('languages[1]');
  });

  it('rejects dangling references and an unsourced citation', () => {
    writeProfile('xc', (p) => {
      p.rights = [{ id: 'wages', appliesTo: 'all', agencies: ['nobody'], verify: false, sources: [999] }];
    });
    const error = loadError('xc');
    expect(error.message).toContain('unknown agency "nobody"');
    expect(error.message).toContain('source 999 is not in sources');
  });

  it('requires a verifyNote on every verify:true fact', () => {
    writeProfile('xd', (p) => {
      p.rights = [{ id: 'passport', appliesTo: 'all', verify: true, sources: [34] }];
    });
    expect(loadError('xd').message).toContain('verifyNote is required');
  });

  it('rejects a file whose id does not match its name, and a missing file', () => {
    writeProfile('xe', (p) => (p.id = 'bh'));
    expect(loadError('xe').message).toContain('expected "xe"');
    const missing = loadError('zz');
    expect(missing.code).toBe('PROFILE_UNREADABLE');
    expect(missing.message).toContain(path.join(dir, 'zz.json'));
  });

  it('refuses an id that is not a safe file name', () => {
    expect(loadError('../bh').code).toBe('PROFILE_BAD_ID');
  });
});
