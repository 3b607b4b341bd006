// A deployment is a country profile (data, not code): this module defines, validates and queries it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { CASE_NUMBER_PREFIX } from '../models/domain';

/** Directory holding `<id>.json` country profiles, used when no directory is given. */
export const DEFAULT_PROFILE_DIR = path.join(__dirname, '..', 'profiles');

const KNOWN_LANGUAGE = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' });

/** A lower-case ISO 639 code (two or three letters) that ICU knows, e.g. `en`, `ar`, `tl`. */
const LanguageCodeSchema = z
  .string()
  .regex(/^[a-z]{2,3}$/, { error: 'must be a lower-case ISO 639 code such as "en"', abort: true })
  .refine((code) => KNOWN_LANGUAGE.of(code) !== undefined, {
    error: (issue) => `${JSON.stringify(issue.input)} is not a known language code`,
  });

/** Ids become i18next key segments (`contacts.<id>.label`), so no dots or spaces. */
const IdSchema = z.string().regex(/^[a-z][A-Za-z0-9]*$/, 'must be camelCase letters and digits, e.g. "epcHotline"');

/** Profile ids are also file names, so they are kept to a safe, lower-case form. */
const ProfileIdSchema = z.string().regex(/^[a-z]{2}(?:-[a-z0-9]+)*$/, 'must be lower-case, e.g. "bh"');

/** Numbers pointing into the profile's `sources`, as in the domain brief's [n] citations. */
const SourceRefsSchema = z.array(z.number().int().positive()).min(1, 'cite at least one source');

/**
 * Fields every fact-bearing entry carries. `verify: true` marks a fact the domain brief flags
 * as old, single-sourced or disputed; `verifyNote` tells the deployer (in English) what to check.
 * Workers are never shown the doubt: admins see it in the console, and a production start warns
 * (see {@link unverifiedFacts}).
 */
const verificationFields = {
  verify: z.boolean(),
  verifyNote: z.string().min(1).optional(),
  sources: SourceRefsSchema,
};

const needsNoteWhenVerify = (entry: { verify: boolean; verifyNote?: string | undefined }): boolean =>
  !entry.verify || entry.verifyNote !== undefined;
const VERIFY_NOTE_REQUIRED = { message: 'verifyNote is required when verify is true', path: ['verifyNote'] };

/** A number a worker can call or text. Its label lives in the locale at `contacts.<id>.label`. */
export const ContactSchema = z
  .object({
    id: IdSchema,
    /** As written by the agency, digits and spaces, e.g. "8000 11 44". */
    number: z.string().regex(/^\+?[0-9][0-9 ]*$/, 'must be digits and spaces, e.g. "8000 11 44"'),
    channel: z.enum(['call', 'sms']),
    /** "unknown" where no source states the hours. */
    available: z.enum(['24h', 'unknown']),
    /** Languages the line is reported to answer in, where a source says so. */
    languages: z.array(LanguageCodeSchema).optional(),
    /** Position in the safety interrupt (1 = most urgent); contacts without one are not shown there. */
    priority: z.number().int().positive().optional(),
    ...verificationFields,
  })
  .strict()
  .refine(needsNoteWhenVerify, VERIFY_NOTE_REQUIRED);

/** What a worker needs help with; dialogs ask `agenciesFor(profile, purpose)`. */
export const AgencyPurposeSchema = z.enum([
  'emergency',
  'trafficking',
  'shelter',
  'legalAid',
  'medical',
  'repatriation',
  'labourComplaint',
  'workPermit',
  'changingEmployer',
  'recruitmentFees',
  'humanRights',
]);

/** A body of the referral mechanism. Name and description live at `agencies.<id>.*` in the locale. */
export const AgencySchema = z
  .object({
    id: IdSchema,
    kind: z.enum(['government', 'nationalInstitution', 'ngo', 'referralMechanism']),
    /** Ids of entries in `contacts`, in the order to show them; empty when no number is confirmed. */
    contacts: z.array(IdSchema),
    purposes: z.array(AgencyPurposeSchema).min(1),
    ...verificationFields,
  })
  .strict()
  .refine(needsNoteWhenVerify, VERIFY_NOTE_REQUIRED);

/** A "know your rights" article. Title and body live at `rights.<id>.*` in the locale. */
export const RightsArticleSchema = z
  .object({
    id: IdSchema,
    appliesTo: z.enum(['all', 'domestic', 'nonDomestic']),
    /** Agencies the bot lists after the article, by id. */
    agencies: z.array(IdSchema).default([]),
    ...verificationFields,
  })
  .strict()
  .refine(needsNoteWhenVerify, VERIFY_NOTE_REQUIRED);

/** A cited page. Titles stay in the source's own language, as citations do. */
export const SourceSchema = z
  .object({
    url: z.url(),
    /** Further pages the brief cites under the same number. */
    seeAlso: z.array(z.url()).optional(),
    title: z.string().min(1),
  })
  .strict();

/** Zod schema of a country profile file (`profiles/<id>.json`), including its cross-references. */
export const CountryProfileSchema = z
  .object({
    id: ProfileIdSchema,
    countryCode: z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code such as "BH"'),
    caseNumberPrefix: z.string().regex(CASE_NUMBER_PREFIX, 'must be 2 to 5 capital letters'),
    timezone: z.string().refine(isTimeZone, { error: (issue) => `${JSON.stringify(issue.input)} is not an IANA time zone` }),
    /** i18next namespace holding every text of this profile. */
    namespace: z.string().regex(/^[a-z][a-z0-9-]*$/, 'must be lower-case, e.g. "country-bh"'),
    /** Offered in the language menu, in this order. */
    languages: z.array(LanguageCodeSchema).min(1),
    defaultLanguage: LanguageCodeSchema,
    contacts: z.array(ContactSchema).min(1),
    agencies: z.array(AgencySchema),
    rights: z.array(RightsArticleSchema),
    sources: z.record(z.string().regex(/^[1-9][0-9]*$/, 'source keys are numbers'), SourceSchema),
    reviewStatus: z.string().min(1),
  })
  .strict()
  .superRefine((profile, ctx) => {
    const issue = (message: string, at: (string | number)[]): void => {
      ctx.addIssue({ code: 'custom', message, path: at });
    };
    if (!profile.languages.includes(profile.defaultLanguage)) {
      issue(`"${profile.defaultLanguage}" is not in languages`, ['defaultLanguage']);
    }
    duplicates(profile.languages).forEach((code) => issue(`"${code}" is listed twice`, ['languages']));
    for (const list of ['contacts', 'agencies', 'rights'] as const) {
      duplicates(profile[list].map((entry) => entry.id)).forEach((id) => issue(`id "${id}" is used twice`, [list]));
    }
    duplicates(profile.contacts.flatMap((c) => (c.priority === undefined ? [] : [c.priority]))).forEach((p) =>
      issue(`priority ${p} is used twice`, ['contacts']),
    );
    const contactIds = new Set(profile.contacts.map((c) => c.id));
    profile.agencies.forEach((agency, i) =>
      agency.contacts.forEach((id, j) => {
        if (!contactIds.has(id)) issue(`unknown contact "${id}"`, ['agencies', i, 'contacts', j]);
      }),
    );
    const agencyIds = new Set(profile.agencies.map((a) => a.id));
    profile.rights.forEach((article, i) =>
      article.agencies.forEach((id, j) => {
        if (!agencyIds.has(id)) issue(`unknown agency "${id}"`, ['rights', i, 'agencies', j]);
      }),
    );
    for (const list of ['contacts', 'agencies', 'rights'] as const) {
      profile[list].forEach((entry, i) =>
        entry.sources.forEach((n, j) => {
          if (!(String(n) in profile.sources)) issue(`source ${n} is not in sources`, [list, i, 'sources', j]);
        }),
      );
    }
  });

/** A validated country profile. */
export type CountryProfile = z.infer<typeof CountryProfileSchema>;
/** A phone or SMS number in a profile. */
export type Contact = z.infer<typeof ContactSchema>;
/** An agency of the referral mechanism in a profile. */
export type Agency = z.infer<typeof AgencySchema>;
/** What a worker needs help with, as agencies declare it. */
export type AgencyPurpose = z.infer<typeof AgencyPurposeSchema>;
/** A "know your rights" article in a profile. */
export type RightsArticle = z.infer<typeof RightsArticleSchema>;
/** A cited source in a profile. */
export type Source = z.infer<typeof SourceSchema>;

/** Why a profile could not be loaded. */
export type CountryProfileErrorCode = 'PROFILE_BAD_ID' | 'PROFILE_UNREADABLE' | 'PROFILE_INVALID';

/** Thrown by {@link loadCountryProfile}; the message names the file and what is wrong with it. */
export class CountryProfileError extends Error {
  /**
   * @param code Machine-readable reason.
   * @param file The profile file concerned.
   * @param message Human-readable explanation, starting with the file.
   */
  constructor(
    readonly code: CountryProfileErrorCode,
    readonly file: string,
    message: string,
  ) {
    super(message);
    this.name = 'CountryProfileError';
  }
}

/**
 * Reads, parses and validates `<dir>/<id>.json`.
 *
 * @param id Profile id, e.g. `"bh"`; must equal the `id` inside the file.
 * @param dir Directory of profiles; defaults to {@link DEFAULT_PROFILE_DIR}.
 * @returns The validated profile.
 * @throws {@link CountryProfileError} naming the file, with zod's issues pretty-printed.
 */
export function loadCountryProfile(id: string, dir: string = DEFAULT_PROFILE_DIR): CountryProfile {
  const file = path.join(dir, `${id}.json`);
  if (!ProfileIdSchema.safeParse(id).success) {
    throw new CountryProfileError('PROFILE_BAD_ID', file, `loadCountryProfile(): invalid profile id ${JSON.stringify(id)}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new CountryProfileError('PROFILE_UNREADABLE', file, `Country profile ${file} could not be read: ${reason}`);
  }
  const parsed = CountryProfileSchema.safeParse(raw);
  if (!parsed.success) {
    throw new CountryProfileError('PROFILE_INVALID', file, `Country profile ${file} is invalid:\n${z.prettifyError(parsed.error)}`);
  }
  if (parsed.data.id !== id) {
    throw new CountryProfileError('PROFILE_INVALID', file, `Country profile ${file} has id "${parsed.data.id}", expected "${id}"`);
  }
  return parsed.data;
}

/** The contacts to show in a safety interrupt, most urgent first (those with a `priority`). */
export function emergencyContacts(profile: CountryProfile): Contact[] {
  return profile.contacts
    .filter((c): c is Contact & { priority: number } => c.priority !== undefined)
    .sort((a, b) => a.priority - b.priority);
}

/** A fact of the profile that still needs a local expert's confirmation. */
export interface UnverifiedFact {
  kind: 'contact' | 'agency' | 'rights';
  id: string;
  /** What to check, in English, for the deployer. */
  note: string;
  /** The contact's number, so the admin sees what is in question. */
  number?: string;
  sources: number[];
}

/** Every entry marked `verify` (contacts, agencies, rights articles), in the profile's order. */
export function unverifiedFacts(profile: CountryProfile): UnverifiedFact[] {
  const fact = (kind: UnverifiedFact['kind'], entry: { id: string; verify: boolean; verifyNote?: string | undefined; sources: number[] }, number?: string): UnverifiedFact[] =>
    entry.verify ? [{ kind, id: entry.id, note: entry.verifyNote ?? '', ...(number === undefined ? {} : { number }), sources: entry.sources }] : [];
  return [
    ...profile.contacts.flatMap((contact) => fact('contact', contact, contact.number)),
    ...profile.agencies.flatMap((agency) => fact('agency', agency)),
    ...profile.rights.flatMap((article) => fact('rights', article)),
  ];
}

/** The rights article with this id, or `undefined` if the profile has none. */
export function rightsArticle(profile: CountryProfile, id: string): RightsArticle | undefined {
  return profile.rights.find((article) => article.id === id);
}

/** The agencies that help with `purpose`, in the profile's order of preference. */
export function agenciesFor(profile: CountryProfile, purpose: AgencyPurpose): Agency[] {
  return profile.agencies.filter((agency) => agency.purposes.includes(purpose));
}

/** The contacts of an agency, resolved from their ids, in the agency's order. */
export function agencyContacts(profile: CountryProfile, agency: Agency): Contact[] {
  return agency.contacts.flatMap((id) => profile.contacts.filter((c) => c.id === id));
}

/** The cited sources, in citation order, for filling a `{{sources}}` placeholder. */
export function citedSources(profile: CountryProfile, sourceNumbers: readonly number[]): Source[] {
  return sourceNumbers.flatMap((n) => profile.sources[String(n)] ?? []);
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function duplicates<T>(values: readonly T[]): T[] {
  return [...new Set(values.filter((v, i) => values.indexOf(v) !== i))];
}
