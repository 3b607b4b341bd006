// Agency referrals on the case panel: those made (agency, basis, when, who)
// and referring to one of the country profile's agencies, with the worker's
// consent or, recorded as such, for imminent danger. Never for practice.
import { api } from './api.js';
import { byWhom, changeCase, focusCaseControl, renderCase, serverMessage, shownCase } from './case.js';
import { announce, h, say, showError } from './dom.js';
import { state } from './state.js';
import { formatDateTime, has, t } from './strings.js';

/** The country profile's agencies by interface language: { state: 'loading'|'loaded'|'failed', list: [{ id, name }] }. */
let agencies = {};

/** Signing out forgets them. */
export function resetAgencies() {
  agencies = {};
}
/** The country profile's agencies named in `lng` (`GET /agencies/{lng}`), read once per language (again only on `retry`). */
export function loadAgencies(lng, retry) {
  const known = agencies[lng];
  if (known && !(retry && known.state === 'failed')) return known;
  const entry = { state: 'loading', list: [] };
  agencies[lng] = entry;
  api('GET', '/agencies/' + encodeURIComponent(lng)).then((data) => {
    entry.list = (data && Array.isArray(data.agencies) ? data.agencies : []).filter((a) => a && typeof a.id === 'string')
      .map((a) => ({ id: a.id, name: typeof a.name === 'string' && a.name.trim() ? a.name : a.id }));
    entry.state = 'loaded';
  }, () => {
    entry.state = 'failed';
  }).then(() => {
    // Still wanted (same session, same language): the case panel shows them.
    if (agencies[lng] === entry && state.lang === lng && shownCase() && shownCase().caseState === 'loaded') renderCase();
  });
  return entry;
}
/** An agency's name in the interface language (its id until the list has come). */
function agencyName(id) {
  const entry = agencies[state.lang];
  const agency = entry && entry.list.find((a) => a.id === id);
  return agency ? agency.name : String(id == null ? '' : id);
}
function onRefer() {
  const open = shownCase();
  const agencyId = open && open.drafts.agency;
  if (!agencyId) {
    showError(t('case.chooseAgencyFirst'));
    focusCaseControl('cw-agency');
    return;
  }
  const imminentDanger = open.drafts.imminent === true;
  changeCase('referrals', { agencyId, imminentDanger }, 'cw-refer', (data) => {
    open.drafts.agency = '';
    open.drafts.imminent = false;
    announce('case.referred', { agency: agencyName(agencyId), basis: t('case.referralBasis.' + (data.basis === 'imminentDanger' ? 'imminentDanger' : 'consent')) });
  }, (error) => {
    if (error.code === 'NO_CONSENT') showError(t('case.referNoConsent'));
    else if (error.code === 'NEEDS_SUPERVISOR') showError(t('case.referNeedsSupervisor'));
    else showError(t('case.referRefused', { detail: serverMessage(error) }));
  });
}
/** One referral made: the agency (named in the interface language), its basis, when, and by whom. */
function referralLine(r) {
  const by = byWhom(r.by, r.byName);
  return say(h('li', {
    class: 'cw-referral' + (r.basis === 'imminentDanger' ? ' cw-referral-danger' : ''),
    'data-testid': 'cw-referral', 'data-agency-id': r.agencyId, 'data-basis': r.basis,
  }), 'case.referralLine', {
    agency: agencyName(r.agencyId),
    basis: has('case.referralBasis.' + r.basis) ? t('case.referralBasis.' + r.basis) : String(r.basis || ''),
    date: formatDateTime(r.at),
    by: by ? t(by[0], by[1]) : t('case.actors.colleague'),
  });
}
/** Referrals made, and (not for a practice case) referring to an agency: with consent, or for imminent danger. */
export function referralSection(open, c) {
  const referrals = Array.isArray(c.agencyReferrals) ? c.agencyReferrals : [];
  // Named in the interface language; the panel is drawn again when they come.
  const known = loadAgencies(state.lang);
  const section = h('section', { class: 'cw-case-section', 'aria-labelledby': 'cw-referrals-heading' }, [say(h('h4', { id: 'cw-referrals-heading' }), 'case.referrals')]);
  section.appendChild(referrals.length
    ? h('ul', { class: 'cw-plain-list cw-referrals' }, referrals.map(referralLine))
    : say(h('p', { class: 'cw-muted' }), 'case.noReferrals'));
  if (c.training === true || (open.handoff && open.handoff.training === true)) {
    section.appendChild(say(h('p', { class: 'cw-muted' }), 'case.referTraining'));
    return section;
  }
  if (known.state === 'failed') {
    section.appendChild(h('p', { class: 'cw-muted' }, [
      say(h('span'), 'case.agenciesLoadFailed'), ' ',
      say(h('button', {
        type: 'button', class: 'cw-button cw-button-quiet',
        onclick: () => {
          loadAgencies(state.lang, true);
          renderCase();
        },
      }), 'case.retry'),
    ]));
    return section;
  }
  const loaded = known.state === 'loaded';
  if (loaded && !known.list.some((a) => a.id === open.drafts.agency)) open.drafts.agency = '';
  const agency = h('select', {
    id: 'cw-agency', 'data-testid': 'cw-agency', disabled: !loaded, onchange: () => (open.drafts.agency = agency.value),
  }, [say(h('option', { value: '' }), loaded ? 'case.chooseAgency' : 'case.agenciesLoading')]
    .concat(known.list.map((a) => h('option', { value: a.id, text: a.name }))));
  agency.value = open.drafts.agency;
  const refer = say(h('button', { type: 'button', class: 'cw-button', 'data-testid': 'cw-refer', 'data-case-action': '', onclick: onRefer }),
    open.drafts.imminent ? 'case.referWithoutConsent' : 'case.refer');
  refer.classList.toggle('cw-button-danger', open.drafts.imminent);
  const imminent = h('input', {
    id: 'cw-imminent', 'data-testid': 'cw-imminent', type: 'checkbox', checked: open.drafts.imminent, 'aria-describedby': 'cw-imminent-help',
    onchange: () => {
      open.drafts.imminent = imminent.checked;
      say(refer, imminent.checked ? 'case.referWithoutConsent' : 'case.refer');
      refer.classList.toggle('cw-button-danger', imminent.checked);
    },
  });
  section.appendChild(h('div', { class: 'cw-case-form' }, [
    say(h('label', { for: 'cw-agency' }), 'case.referTo'),
    agency,
    h('div', { class: 'cw-check' }, [imminent, say(h('label', { for: 'cw-imminent' }), 'case.imminent')]),
    say(h('p', { id: 'cw-imminent-help', class: 'cw-muted cw-small' }), 'case.imminentHelp'),
    h('div', { class: 'cw-case-row' }, [refer]),
  ]));
  return section;
}
