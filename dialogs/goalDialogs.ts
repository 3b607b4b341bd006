// Builds the main dialog's children, one per goal, for the composition root to
// hand to MainDialog: the one place that knows every goal dialog's class.
import type { DialogDependencies } from './dependencies';
import { DeleteDataDialog } from './deleteDataDialog';
import type { GoalDialogs } from './goals';
import { KnowYourRightsDialog } from './knowYourRightsDialog';
import { LanguageDialog } from './languageDialog';
import { MainDialog } from './mainDialog';
import { ReportAbuseDialog } from './reportAbuseDialog';
import { SafePlaceDialog } from './safePlaceDialog';
import { SafetyDialog } from './safetyDialog';
import { SupportFundDialog } from './supportFundDialog';
import { TalkToPersonDialog } from './talkToPersonDialog';
import { WaitingDialog } from './waitingDialog';

/** Every goal's dialog, and the waiting room, built with the same dependencies. */
export function createGoalDialogs(deps: DialogDependencies): GoalDialogs {
  return {
    goals: {
      report: new ReportAbuseDialog(deps),
      rights: new KnowYourRightsDialog(deps),
      shelter: new SafePlaceDialog(deps),
      fund: new SupportFundDialog(deps),
      person: new TalkToPersonDialog(deps),
      language: new LanguageDialog(deps),
      safety: new SafetyDialog(deps),
      delete: new DeleteDataDialog(deps),
    },
    waiting: new WaitingDialog(),
  };
}

/** The main dialog with every goal's dialog as its children. */
export function createMainDialog(deps: DialogDependencies): MainDialog {
  return new MainDialog(deps, createGoalDialogs(deps));
}
