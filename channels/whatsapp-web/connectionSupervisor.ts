// Keeps the WhatsApp Web session up: starts the client, shows the pairing QR
// to the administrator, and after a disconnection (or a start that failed)
// re-initialises the client with exponential backoff.
import { describeError, type Logger } from '../../kernel/logger';
import type { Clock } from '../../kernel/clock';
import type { WhatsAppWebClient } from './whatsAppWebClient';

/** Where the session stands. */
export type ConnectionState = 'stopped' | 'starting' | 'pairing' | 'authenticated' | 'ready' | 'reconnecting';

/** Delays between reconnection attempts: initial × factor^attempt, at most max. */
export interface ReconnectPolicy {
  initialDelayMs: number;
  maxDelayMs: number;
  factor: number;
}

export const DEFAULT_RECONNECT_POLICY: ReconnectPolicy = { initialDelayMs: 5_000, maxDelayMs: 5 * 60_000, factor: 2 };

export interface ConnectionSupervisorOptions {
  client: WhatsAppWebClient;
  logger: Logger;
  clock: Clock;
  reconnect?: Partial<ReconnectPolicy>;
  /** Shows a pairing QR to the administrator; the default prints it on stdout. */
  printQr?: (qr: string) => void;
}

/** The log line an administrator looks for when the channel is not answering. */
export const PAIRING_NEEDED =
  'WhatsApp Web needs pairing: scan the QR code printed on the terminal with the hotline\'s phone (WhatsApp → Linked devices → Link a device)';

/** Prints the QR payload with instructions; whatsapp-web.js brings no QR renderer, so it is drawn by a local tool. */
export function printQrToTerminal(qr: string, write: (text: string) => void = (text) => process.stdout.write(text)): void {
  write(
    [
      '',
      'WhatsApp Web needs pairing. On the hotline\'s phone: WhatsApp → Settings → Linked devices → Link a device,',
      'then scan this QR code. It changes about every 20 seconds. Draw it on this machine (never on a website):',
      `  qrencode -t ansiutf8 '${qr}'`,
      '',
    ].join('\n'),
  );
}

/** A disconnect reason as whatsapp-web.js gives it (a state name or "LOGOUT"), safe to log. */
function safeReason(reason: unknown): string {
  return typeof reason === 'string' && /^[A-Za-z _-]{1,40}$/.test(reason) ? reason : 'unknown';
}

export class ConnectionSupervisor {
  private currentState: ConnectionState = 'stopped';
  private qr: string | undefined;
  private attempts = 0;
  private timer: unknown;
  private stopped = true;
  private readonly policy: ReconnectPolicy;
  private readonly printQr: (qr: string) => void;

  constructor(private readonly options: ConnectionSupervisorOptions) {
    this.policy = { ...DEFAULT_RECONNECT_POLICY, ...options.reconnect };
    this.printQr = options.printQr ?? ((qr) => printQrToTerminal(qr));
    const { client } = options;
    client.on('qr', (qr) => this.onQr(qr));
    client.on('authenticated', () => this.onAuthenticated());
    client.on('auth_failure', () => this.onAuthFailure());
    client.on('ready', () => this.onReady());
    client.on('disconnected', (reason) => this.onDisconnected(reason));
  }

  /** Where the session stands. */
  get state(): ConnectionState {
    return this.currentState;
  }

  /** The QR code to scan while pairing is needed (for the console); undefined otherwise. */
  get latestQr(): string | undefined {
    return this.qr;
  }

  /** Reconnection attempts since the last time the session was ready. */
  get failedAttempts(): number {
    return this.attempts;
  }

  /**
   * Starts the client. Resolves when the first attempt has settled (the QR is
   * shown, the session restored, or a retry scheduled); never rejects.
   */
  async start(): Promise<void> {
    if (!this.stopped) return;
    this.stopped = false;
    await this.initialize();
  }

  /** Stops reconnecting and closes the browser. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== undefined) this.options.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.currentState = 'stopped';
    this.qr = undefined;
    try {
      await this.options.client.destroy();
    } catch (error) {
      this.options.logger.warn('whatsappWeb.destroy.failed', describeError(error));
    }
  }

  private async initialize(): Promise<void> {
    this.currentState = 'starting';
    try {
      await this.options.client.initialize();
    } catch (error) {
      // Typically the browser could not start or web.whatsapp.com could not be reached.
      this.options.logger.error('whatsappWeb.initialize.failed', { attempt: this.attempts, ...describeError(error) });
      this.scheduleReconnect('initializeFailed');
    }
  }

  private onQr(qr: string): void {
    if (this.stopped) return;
    if (this.currentState !== 'pairing') this.options.logger.warn('whatsappWeb.pairingNeeded', { message: PAIRING_NEEDED });
    this.currentState = 'pairing';
    this.qr = qr;
    // Reaching the QR means the browser and the network work.
    this.attempts = 0;
    this.printQr(qr);
  }

  private onAuthenticated(): void {
    this.qr = undefined;
    this.currentState = 'authenticated';
    this.options.logger.info('whatsappWeb.authenticated');
  }

  private onAuthFailure(): void {
    this.options.logger.error('whatsappWeb.authFailure', {
      message: 'WhatsApp refused the saved session: delete it (the session folder, or the whatsappSession bucket with RemoteAuth), restart, and pair again',
    });
  }

  private onReady(): void {
    this.qr = undefined;
    this.attempts = 0;
    this.currentState = 'ready';
    this.options.logger.info('whatsappWeb.ready');
  }

  private onDisconnected(reason: unknown): void {
    const why = safeReason(reason);
    this.options.logger.warn('whatsappWeb.disconnected', {
      reason: why,
      ...(why === 'LOGOUT' ? { message: 'the hotline\'s phone unlinked this device: a new QR code will need scanning' } : {}),
      ...(why === 'CONFLICT' ? { message: 'the session is open elsewhere: only one process may hold it' } : {}),
    });
    this.scheduleReconnect(why);
  }

  private scheduleReconnect(reason: string): void {
    if (this.stopped || this.timer !== undefined) return;
    const delayMs = Math.min(this.policy.maxDelayMs, Math.round(this.policy.initialDelayMs * this.policy.factor ** this.attempts));
    this.attempts += 1;
    this.currentState = 'reconnecting';
    this.options.logger.info('whatsappWeb.reconnect.scheduled', { reason, attempt: this.attempts, delayMs });
    this.timer = this.options.clock.setTimeout(() => {
      this.timer = undefined;
      void this.reconnect();
    }, delayMs);
  }

  private async reconnect(): Promise<void> {
    if (this.stopped) return;
    try {
      await this.options.client.destroy();
    } catch (error) {
      this.options.logger.warn('whatsappWeb.destroy.failed', describeError(error));
    }
    if (this.stopped) return;
    await this.initialize();
  }
}
