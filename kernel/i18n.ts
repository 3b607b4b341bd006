// Loads every locale under locales/ into one i18next instance. Text people see
// comes only from there; code asks for keys.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import i18next, { type i18n as I18n, type TFunction } from 'i18next';

export const LOCALES_DIR = join(__dirname, '..', 'locales');

/** Files in a locale folder that are data for code, not i18next namespaces. */
const NOT_NAMESPACES = new Set(['danger', 'training', 'intents', '_meta']);

/** Base languages written right to left (those the hotline may offer). */
const RTL = new Set(['ar', 'ur', 'fa', 'ps', 'sd', 'ug', 'he', 'yi', 'ckb', 'dv']);

export type Translate = TFunction;

/**
 * Languages the bot can speak, e.g. ['ar', 'en']: locale folders with the bot's
 * texts (a folder holding only danger.json serves detection, not conversation).
 */
export function availableLanguages(dir = LOCALES_DIR): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && /^[a-z]{2,3}(-[A-Za-z]{2,4})?$/.test(entry.name))
    .filter((entry) => existsSync(join(dir, entry.name, 'common.json')))
    .map((entry) => entry.name)
    .sort();
}

/** Reads `locales/<lng>/<ns>.json` into i18next resources. */
export function readResources(dir = LOCALES_DIR): Record<string, Record<string, unknown>> {
  const resources: Record<string, Record<string, unknown>> = {};
  for (const lng of availableLanguages(dir)) {
    resources[lng] = {};
    for (const file of readdirSync(join(dir, lng)).filter((name) => name.endsWith('.json'))) {
      const ns = file.slice(0, -'.json'.length);
      if (NOT_NAMESPACES.has(ns)) continue;
      resources[lng]![ns] = JSON.parse(readFileSync(join(dir, lng, file), 'utf8')) as unknown;
    }
  }
  return resources;
}

/** One initialised i18next instance over every locale; English is the fallback. */
export function createI18n(dir = LOCALES_DIR): I18n {
  if (!existsSync(dir)) throw new Error(`createI18n(): no locales folder at ${dir}`);
  const resources = readResources(dir);
  const instance = i18next.createInstance();
  void instance.init({
    resources: resources as never,
    initAsync: false,
    fallbackLng: 'en',
    defaultNS: 'common',
    ns: Object.keys(resources.en ?? {}),
    interpolation: { escapeValue: false },
    returnNull: false,
    showSupportNotice: false,
  } as never);
  return instance;
}

/** Whether a language is written right to left. */
export function isRightToLeft(language: string): boolean {
  return RTL.has(language.split('-')[0]!.toLowerCase());
}
