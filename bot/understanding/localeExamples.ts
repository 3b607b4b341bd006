// More examples per language from what the locale already says in the
// worker's words: the menu's options, the "what happened" choices, the rights
// topics' titles, the did-you-mean labels and the command words for a person
// or a language. Every translated locale teaches the classifier its own
// menu, so a worker who types an option's text (or most of it) is understood.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { IntentExamples, IntentId } from './intents';
import { isIntentId, REPORT_INTENTS } from './intents';

type Json = Record<string, unknown>;

function readJson(file: string): Json | undefined {
  if (!fs.existsSync(file)) return undefined;
  const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
  return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Json) : undefined;
}

function at(json: Json | undefined, ...keys: string[]): unknown {
  let value: unknown = json;
  for (const key of keys) value = typeof value === 'object' && value !== null ? (value as Json)[key] : undefined;
  return value;
}

const MENU_INTENTS: Readonly<Record<string, IntentId>> = { report: 'report', shelter: 'shelter', fund: 'fund', person: 'person', language: 'language' };
const COMMAND_INTENTS: Readonly<Record<string, IntentId>> = { human: 'person', language: 'language' };

/**
 * The locale's own wording of each intent, for `language` under `localesDir`; the profile's rights
 * titles come from `locales/<lng>/<profileNamespace>.json`.
 */
export function localeExamples(localesDir: string, language: string, profileNamespace: string): IntentExamples {
  const dir = path.join(localesDir, language);
  const examples: IntentExamples = {};
  const add = (intent: IntentId, text: unknown): void => {
    if (typeof text !== 'string' || text.trim() === '') return;
    (examples[intent] ??= []).push(text);
  };
  const menu = readJson(path.join(dir, 'menu.json'));
  for (const [option, intent] of Object.entries(MENU_INTENTS)) add(intent, at(menu, 'choice', 'options', option));
  const report = readJson(path.join(dir, 'report.json'));
  for (const intent of REPORT_INTENTS) add(intent, at(report, 'whatHappened', 'options', intent.slice('report.'.length)));
  const understand = readJson(path.join(dir, 'understand.json'));
  const labels = at(understand, 'intents');
  if (typeof labels === 'object' && labels !== null) {
    for (const [intent, label] of Object.entries(labels as Json)) if (isIntentId(intent)) add(intent, label);
  }
  const rights = at(readJson(path.join(dir, `${profileNamespace}.json`)), 'rights');
  if (typeof rights === 'object' && rights !== null) {
    for (const [topic, article] of Object.entries(rights as Json)) {
      const intent = `rights.${topic}`;
      if (isIntentId(intent)) add(intent, at(article as Json, 'title'));
    }
  }
  const commands = readJson(path.join(dir, 'commands.json'));
  for (const [command, intent] of Object.entries(COMMAND_INTENTS)) {
    const phrases = at(commands, command);
    if (Array.isArray(phrases)) for (const phrase of phrases) add(intent, phrase);
  }
  return examples;
}

/** Both sets of examples, intent by intent. */
export function mergeExamples(a: IntentExamples, b: IntentExamples): IntentExamples {
  const merged: IntentExamples = { ...a };
  for (const [intent, list] of Object.entries(b) as Array<[IntentId, string[]]>) merged[intent] = [...(merged[intent] ?? []), ...list];
  return merged;
}
