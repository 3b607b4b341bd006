// What the dialogs are built with: services as interfaces, so tests pass real
// implementations on a test database.
import type { StatePropertyAccessor, TurnContext } from 'botbuilder';
import type { FreeTextInterpreter } from './understanding';
import type { CountryProfile } from '../services/countryProfile';
import type { ErasureService } from '../services/erasure';
import type { HandoffService } from '../services/handoff';
import type { CaseService } from '../services/cases';

/** What the hotline remembers about a worker between conversations. */
export interface WorkerProfile {
  /** Chosen (or confirmed) language. */
  language?: string;
  languageConfirmed?: boolean;
}

export interface DialogDependencies {
  profile: CountryProfile;
  /** Languages the worker may choose: the profile's, where a locale exists. */
  languages: readonly string[];
  cases: CaseService;
  handoff: HandoffService;
  erasure: ErasureService;
  workerProfile: StatePropertyAccessor<WorkerProfile>;
  /** The bot-state keys of this turn's worker (for erasure). */
  stateKeys(context: TurnContext): string[];
  /** Understands free text where a menu is shown; without it, only numbers and labels are answers. */
  understanding?: FreeTextInterpreter;
}
