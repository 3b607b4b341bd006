// What the console's routes are built with: the services, the ways to reach a
// worker, and the settings of the deployment.
import type { ConversationReference, TurnContext } from 'botbuilder';
import type { i18n as I18n } from 'i18next';
import type { WallClock } from '../../kernel/clock';
import type { Logger } from '../../kernel/logger';
import type { AuditEventModel } from '../../models';
import type { AccountService } from '../../services/accounts';
import type { UnverifiedFact } from '../../services/countryProfile';
import type { HandoffService } from '../../services/handoff';
import type { LiveBus } from '../../services/liveBus';
import type { CaseService } from '../../services/cases';
import type { CaseList } from '../../services/caseList';
import type { CaseWork } from '../../services/caseWork';
import type { StatisticsService } from '../../services/statistics';
import type { TranscriptService } from '../../services/transcripts';
import type { TranslationStatus } from '../../services/translationStatus';
import type { TrainingChannel } from '../../channels/training/trainingChannel';

export interface ConsoleOptions {
  accounts: AccountService;
  handoff: HandoffService;
  cases: CaseService;
  /** The console's case operations, each through the access rules (services/caseAccess.ts). */
  caseWork: CaseWork;
  /** The case list (filters, search, pages), by the same rules. */
  caseList: CaseList;
  /** The languages and channels the case list's filters offer (the profile's languages; the hotline's channels). */
  caseLanguages: readonly string[];
  caseChannels: readonly string[];
  statistics: StatisticsService;
  /** Agencies a case may be referred to (the country profile's), and the namespace with their names. */
  agencyIds: readonly string[];
  profileNamespace: string;
  transcripts: TranscriptService;
  audit: AuditEventModel;
  bus: LiveBus;
  i18n: I18n;
  logger: Logger;
  /** Runs `logic` in the worker's conversation on the worker's own channel. */
  reachWorker(reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>): Promise<void>;
  /** The bot takes the worker back (says so and shows the menu). */
  handBack(context: TurnContext): Promise<void>;
  /** Milliseconds left in a worker's WhatsApp customer-service window (Cloud API only). */
  whatsappWindowMs?: (userHash: string) => Promise<number>;
  /** Practice conversations (training mode). */
  training: TrainingChannel;
  /** What still needs review before deployment (admins only): the profile's unverified facts, each locale's review status. */
  review(): DeploymentReview;
  /** Cookies get `Secure` (behind TLS). */
  secureCookies: boolean;
  /** The session cookie's lifetime (CONSOLE_SESSION_HOURS), as the server's own expiry. */
  sessionHours: number;
  /** Take the client's address from the proxy's X-Forwarded-For (TRUST_PROXY=on). */
  trustProxy?: boolean;
  /** The hotline's public address (PUBLIC_URL): the only origin allowed on /console/live and in connect-src. */
  publicUrl?: string;
  /** The issuer name authenticator apps show beside the code. */
  totpIssuer?: string;
  clock?: WallClock;
}

/** `GET /console/api/review`. */
export interface DeploymentReview {
  profile: { id: string; reviewStatus: string; unverified: UnverifiedFact[] };
  translations: TranslationStatus[];
}
