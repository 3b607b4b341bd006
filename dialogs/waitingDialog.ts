// While a worker waits for (or talks with) a case worker, the bot stays quiet:
// it acknowledges once, and the transcript keeps every message for the human.
// Safety interrupts and global commands still work (the bot handles them first).
import { ActivityTypes } from 'botbuilder';
import { Dialog, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import { WAITING_DIALOG } from './goals';
import { turnServices } from './turnServices';


export class WaitingDialog extends Dialog {
  constructor() {
    super(WAITING_DIALOG);
  }

  override async beginDialog(dc: DialogContext): Promise<DialogTurnResult> {
    dc.activeDialog!.state.acknowledged = false;
    return Dialog.EndOfTurn;
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    if (dc.context.activity.type === ActivityTypes.Message && !dc.activeDialog!.state.acknowledged) {
      dc.activeDialog!.state.acknowledged = true;
      await dc.context.sendActivity(turnServices(dc.context).t('handoff:waiting'));
    }
    return Dialog.EndOfTurn;
  }
}
