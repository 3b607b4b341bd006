// The safety interrupt: danger words or SOS from anywhere end what the worker
// was doing, show the emergency numbers, and put them first in the queue with
// what they wrote kept (encrypted) on a case.
import { Dialog, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import type { DialogDependencies } from './dependencies';
import { SAFETY_DIALOG, type GoalResult, type SafetyDialogOptions } from './goals';
import { emergencyLines, handOffToPerson } from './messages';
import { turnServices } from './turnServices';


export class SafetyDialog extends Dialog<SafetyDialogOptions> {
  constructor(private readonly deps: DialogDependencies) {
    super(SAFETY_DIALOG);
  }

  override async beginDialog(dc: DialogContext, options?: SafetyDialogOptions): Promise<DialogTurnResult> {
    const { t, language, userHash, effectKey } = turnServices(dc.context);
    // Numbers first: they matter even if saving the case fails.
    await dc.context.sendActivity([t('safety:alert'), ...emergencyLines(dc.context, this.deps.profile)].join('\n'));
    const kinds = options?.danger?.kinds ?? [];
    const created = await this.deps.cases.create({
      type: 'callback',
      source: 'safetyInterrupt',
      answers: { dangerKinds: kinds },
      personal: { narrative: options?.text ?? null },
      indicators: options?.danger?.indicators ?? [],
      triage: { dangerSignal: true, selfHarm: kinds.includes('selfHarm') },
      consents: [],
      channel: dc.context.activity.channelId,
      userHash,
      language,
      idempotencyKey: effectKey('case'),
    });
    await dc.context.sendActivity(`${t('safety:handedOff', { caseNumber: created.caseNumber })}\n\n${t('safety:safeTip')}`);
    await handOffToPerson(dc.context, this.deps, created);
    return dc.endDialog({ next: 'wait' } satisfies GoalResult);
  }
}
