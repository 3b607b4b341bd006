// The worker's goals and what the dialogs say to each other about them: the
// dialog ids, the options a goal dialog begins with, and the GoalResult it ends
// with. It imports no dialog, so the main dialog and its children both import
// it and never each other; the children reach the main dialog as a map built
// by the composition root (dialogs/goalDialogs.ts).
import type { Dialog } from 'botbuilder-dialogs';
import type { DangerMatch } from '../kernel/text/danger';

export const MAIN_DIALOG = 'main';
export const LANGUAGE_DIALOG = 'language';
export const REPORT_ABUSE_DIALOG = 'reportAbuse';
export const KNOW_YOUR_RIGHTS_DIALOG = 'knowYourRights';
export const SAFE_PLACE_DIALOG = 'safePlace';
export const SUPPORT_FUND_DIALOG = 'supportFund';
export const TALK_TO_PERSON_DIALOG = 'talkToPerson';
export const SAFETY_DIALOG = 'safety';
export const DELETE_DATA_DIALOG = 'deleteData';
export const WAITING_DIALOG = 'waiting';

/** The main menu's options, in the order shown. */
export const MENU_OPTIONS = ['report', 'rights', 'shelter', 'fund', 'person', 'language'] as const;
export type MenuOption = (typeof MENU_OPTIONS)[number];

/** A goal the main dialog runs a child for: a menu option, the safety interrupt, erasure. */
export type Goal = MenuOption | 'safety' | 'delete';

/** The dialog id each goal runs. */
export const GOAL_DIALOG_IDS: Readonly<Record<Goal, string>> = {
  report: REPORT_ABUSE_DIALOG,
  rights: KNOW_YOUR_RIGHTS_DIALOG,
  shelter: SAFE_PLACE_DIALOG,
  fund: SUPPORT_FUND_DIALOG,
  person: TALK_TO_PERSON_DIALOG,
  language: LANGUAGE_DIALOG,
  safety: SAFETY_DIALOG,
  delete: DELETE_DATA_DIALOG,
};

/** What a child dialog may ask the main dialog to do next. */
export interface GoalResult {
  /** 'end' closes the conversation (after an erasure there is nothing left to continue). */
  next?: 'menu' | 'person' | 'wait' | 'end';
}

/** The main dialog's children: one dialog per goal, and the waiting room a goal may end in ({ next: 'wait' }). */
export interface GoalDialogs {
  goals: Readonly<Record<Goal, Dialog>>;
  waiting: Dialog;
}

export interface LanguageDialogOptions {
  /** Ask even when the worker already chose (the LANGUAGE command, menu option). */
  force?: boolean;
}

/** What the worker's free text already told: the report starts with it recorded and skips those questions. */
export interface ReportAbuseOptions {
  /** "What happened" options named (WHAT_HAPPENED_INDICATORS keys). */
  whatHappened?: string[];
  /** The worker's own words: the narrative ("In your own words" is then not asked). */
  narrative?: string;
}

export interface KnowYourRightsOptions {
  /** A topic the worker's free text asked about: its article is shown straight away. */
  topic?: string;
}

export interface SafetyDialogOptions {
  danger?: DangerMatch;
  text?: string;
}
