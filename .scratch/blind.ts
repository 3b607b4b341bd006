import { evaluate as danger } from '../scripts/eval/dangerEval';
import { evaluate as language } from '../scripts/eval/languageEval';
(async () => {
  for (const section of [await danger({ dataDirectory: '/work/main/test/understanding/blind' }), await (language as any)({ dataDirectory: '/work/main/test/understanding/blind' })]) {
    console.log('##', section.name);
    for (const r of section.rows) console.log(r.language.padEnd(16), r.metric.padEnd(14), (r.value*100).toFixed(1).padStart(6), (r.comparison==='>='? r.value>=r.target : r.value<=r.target) ? 'ok ' : 'MISS', (r.detail??'').slice(0,160));
  }
})();
