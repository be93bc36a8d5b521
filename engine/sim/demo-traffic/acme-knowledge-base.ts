/** One help-center article of the fictional Acme Cloud, as retrieval hands it to the assistant. */
export interface KbDocument {
  id: string;
  title: string;
  text: string;
}

/** A question the documents answer: the phrase a correct answer must carry and how users ask it. */
export interface KbQuestion {
  docId: string;
  /** A phrase of the answering sentence, quoted verbatim by a correct answer. */
  keyPhrase: string;
  wordings: readonly string[];
}

/** The Acme Cloud help center. Ids are sparse on purpose: retrieval returns a few of many articles. */
export const knowledgeBase: readonly KbDocument[] = [
  {
    id: 'doc-2',
    title: 'Changing your plan',
    text: 'You can change your plan (upgrade or downgrade) from Settings → Billing at any time. Upgrades take effect immediately and are prorated for the rest of the billing cycle. Downgrades take effect at the start of the next billing cycle.',
  },
  {
    id: 'doc-3',
    title: 'Refund policy',
    text: 'Annual plans can be refunded in full within 30 days of purchase. Monthly plans are not refunded, but you can cancel at any time to stop the next charge. Approved refunds are returned to the original payment method within 5 to 10 business days.',
  },
  {
    id: 'doc-5',
    title: 'Exporting your data',
    text: 'Workspace owners can export all data as a ZIP archive from Settings → Data → Export. Exports include projects, files and comments, but not audit logs. Large exports can take up to 24 hours, and we e-mail you a download link when the archive is ready.',
  },
  {
    id: 'doc-7',
    title: 'Single sign-on (SSO)',
    text: 'SAML single sign-on is available on the Business and Enterprise plans. Okta, Microsoft Entra ID and Google Workspace are supported as identity providers. When SSO is enforced, members without an SSO account can no longer log in with a password.',
  },
  {
    id: 'doc-9',
    title: 'Uptime and status',
    text: 'Acme Cloud targets 99.9% monthly uptime on all paid plans. Enterprise contracts include a financially backed SLA with service credits. Live incident updates are posted on status.acme.example.',
  },
  {
    id: 'doc-12',
    title: 'Two-factor authentication',
    text: 'Every member can turn on two-factor authentication under Profile → Security. Workspace admins can require two-factor authentication for all members. If you lose your phone, use one of the ten backup codes you saved during setup.',
  },
  {
    id: 'doc-14',
    title: 'Seats and members',
    text: 'Each member who can sign in to the workspace uses one paid seat. Guests with view-only access are free and do not use a seat. You can add seats at any time, and they are billed from the day they are added.',
  },
  {
    id: 'doc-17',
    title: 'Payment methods',
    text: 'We accept Visa, Mastercard and American Express credit cards on all plans. Enterprise customers can also pay by bank transfer against an invoice. Card payments that fail are retried three times over seven days before the workspace is paused.',
  },
  {
    id: 'doc-21',
    title: 'Data residency',
    text: 'New workspaces can be hosted in the EU (Frankfurt) or US (Virginia) region. The region is chosen when the workspace is created and cannot be changed later. Backups stay in the same region as the workspace.',
  },
  {
    id: 'doc-24',
    title: 'Backups and restore',
    text: 'Workspace data is backed up every 6 hours and backups are kept for 30 days. Admins can restore a deleted project from the trash within 30 days.',
  },
  {
    id: 'doc-27',
    title: 'API rate limits',
    text: 'The REST API rate limit is 600 requests per minute per workspace. Requests over the limit receive HTTP 429 with a Retry-After header. API keys are created per workspace under Settings → Developers.',
  },
  {
    id: 'doc-31',
    title: 'Cancelling your subscription',
    text: 'Owners can cancel the subscription from Settings → Billing → Cancel plan. After cancellation the workspace stays read-only for 60 days before it is deleted.',
  },
  {
    id: 'doc-33',
    title: 'Audit logs',
    text: 'Audit logs are available on the Enterprise plan and record sign-ins, permission changes and exports. Audit log entries are kept for one year.',
  },
  {
    id: 'doc-36',
    title: 'Integrations',
    text: 'Acme Cloud integrates with Slack, GitHub and Jira out of the box. Webhooks can send events to any HTTPS endpoint you configure.',
  },
  {
    id: 'doc-40',
    title: 'Free plan limits',
    text: 'The Free plan includes up to 3 members and 2 GB of storage. Free workspaces are archived after 12 months without activity.',
  },
];

/** Questions the help center answers, with the phrase of the answering sentence. */
export const answerableQuestions: readonly KbQuestion[] = [
  { docId: 'doc-2', keyPhrase: 'Settings → Billing', wordings: ['Where can I change my plan, upgrade or downgrade?', 'How do I upgrade or downgrade our plan?'] },
  { docId: 'doc-2', keyPhrase: 'take effect immediately', wordings: ['When do upgrades take effect?', 'If I upgrade, when does it take effect?'] },
  { docId: 'doc-2', keyPhrase: 'start of the next billing cycle', wordings: ['When does a downgrade take effect?', 'If we downgrade, when does that take effect?'] },
  { docId: 'doc-3', keyPhrase: 'within 30 days of purchase', wordings: ['Can I get a refund on an annual plan?', 'What is the refund window for annual plans?'] },
  { docId: 'doc-3', keyPhrase: 'Monthly plans are not refunded', wordings: ['Do you refund monthly plans?', 'Is a monthly plan refunded if I cancel?'] },
  { docId: 'doc-3', keyPhrase: '5 to 10 business days', wordings: ['How long until a refund is returned to my payment method?', 'How many business days until an approved refund is returned?'] },
  { docId: 'doc-5', keyPhrase: 'ZIP archive', wordings: ['How do I export all my workspace data?', 'Can workspace owners export all data?'] },
  { docId: 'doc-5', keyPhrase: 'not audit logs', wordings: ['Do exports include audit logs?', 'Are audit logs included in exports?'] },
  { docId: 'doc-5', keyPhrase: 'up to 24 hours', wordings: ['How long does a large export take?', 'Large export still running, how long can it take?'] },
  { docId: 'doc-7', keyPhrase: 'Business and Enterprise plans', wordings: ['Which plans include SAML single sign-on?', 'Is SAML single sign-on available on our plan?'] },
  { docId: 'doc-7', keyPhrase: 'Okta, Microsoft Entra ID and Google Workspace', wordings: ['Is Okta supported as an identity provider?', 'Which identity providers are supported?'] },
  { docId: 'doc-7', keyPhrase: 'can no longer log in with a password', wordings: ['What happens to password logins when SSO is enforced?', 'If SSO is enforced, can members still log in with a password?'] },
  { docId: 'doc-9', keyPhrase: '99.9% monthly uptime', wordings: ['What uptime do you target?', 'What is your monthly uptime target?'] },
  { docId: 'doc-9', keyPhrase: 'financially backed SLA', wordings: ['Do Enterprise contracts come with an SLA?', 'Is there an SLA in Enterprise contracts?'] },
  { docId: 'doc-9', keyPhrase: 'status.acme.example', wordings: ['Where can I see live incident updates?', 'Where are incident updates posted?'] },
  { docId: 'doc-12', keyPhrase: 'Profile → Security', wordings: ['How do I turn on two-factor authentication?', 'Where do I turn on two-factor authentication?'] },
  { docId: 'doc-12', keyPhrase: 'require two-factor authentication for all members', wordings: ['Can admins require two-factor for all members?', 'Can workspace admins require two-factor authentication?'] },
  { docId: 'doc-12', keyPhrase: 'backup codes', wordings: ['What if I lose my phone?', 'I might lose my phone, what then?'] },
  { docId: 'doc-14', keyPhrase: 'one paid seat', wordings: ['Does every member use a paid seat?', 'Does each member who can sign in use a seat?'] },
  { docId: 'doc-14', keyPhrase: 'view-only access are free', wordings: ['Do guests need a seat?', 'Are guests with view-only access free?'] },
  { docId: 'doc-14', keyPhrase: 'billed from the day they are added', wordings: ['When are new seats billed?', 'If I add seats, when are they billed?'] },
  { docId: 'doc-17', keyPhrase: 'Visa, Mastercard and American Express', wordings: ['Which credit cards do you accept?', 'Do you accept American Express credit cards?'] },
  { docId: 'doc-17', keyPhrase: 'Enterprise customers', wordings: ['Can I pay by bank transfer?', 'Is paying by bank transfer possible?'] },
  { docId: 'doc-17', keyPhrase: 'retried three times over seven days', wordings: ['What happens if my card payment fails?', 'Card payment failed, what happens now?'] },
  { docId: 'doc-21', keyPhrase: 'EU (Frankfurt) or US (Virginia)', wordings: ['Can my workspace be hosted in the EU?', 'Which regions can a workspace be hosted in?'] },
  { docId: 'doc-21', keyPhrase: 'cannot be changed later', wordings: ['Can I change the region of an existing workspace?', 'Can the workspace region be changed later?'] },
  { docId: 'doc-24', keyPhrase: 'every 6 hours', wordings: ['How often is my data backed up?', 'How often is workspace data backed up?'] },
  { docId: 'doc-24', keyPhrase: 'from the trash within 30 days', wordings: ['Can I restore a deleted project?', 'How do admins restore a deleted project?'] },
  { docId: 'doc-27', keyPhrase: '600 requests per minute', wordings: ['What is the API rate limit?', 'What is the REST API rate limit per workspace?'] },
  { docId: 'doc-27', keyPhrase: 'HTTP 429', wordings: ['What do requests over the limit receive?', 'What response do requests over the limit receive?'] },
  { docId: 'doc-27', keyPhrase: 'Settings → Developers', wordings: ['Where do I create an API key?', 'How are API keys created?'] },
  { docId: 'doc-31', keyPhrase: 'Settings → Billing → Cancel plan', wordings: ['How do I cancel my subscription?', 'Where can owners cancel the subscription?'] },
  { docId: 'doc-31', keyPhrase: 'read-only for 60 days', wordings: ['What happens to my workspace after cancellation?', 'After cancellation, is the workspace deleted?'] },
  { docId: 'doc-33', keyPhrase: 'Enterprise plan', wordings: ['Which plan has audit logs?', 'Are audit logs available on our plan?'] },
  { docId: 'doc-33', keyPhrase: 'one year', wordings: ['How long are audit log entries kept?', 'Are audit log entries kept forever?'] },
  { docId: 'doc-36', keyPhrase: 'Slack, GitHub and Jira', wordings: ['Does it integrate with Slack?', 'Which tools does Acme Cloud integrate with?'] },
  { docId: 'doc-36', keyPhrase: 'any HTTPS endpoint', wordings: ['Can webhooks send events to my own endpoint?', 'Where can webhooks send events?'] },
  { docId: 'doc-40', keyPhrase: 'up to 3 members', wordings: ['How many members does the Free plan include?', 'Free plan: how many members are included?'] },
  { docId: 'doc-40', keyPhrase: '2 GB of storage', wordings: ['How much storage comes with the Free plan?', 'What storage does the Free plan include?'] },
  { docId: 'doc-40', keyPhrase: '12 months without activity', wordings: ['Are free workspaces archived?', 'Do free workspaces get archived without activity?'] },
];

/** Questions about topics the help center does not cover; the honest answer is "I don't know". */
export const unanswerableQuestions: readonly (readonly string[])[] = [
  ['Is there an on-premises version I can install in my own data center?', 'Can we run Acme Cloud on-premises?'],
  ['Do you offer a discount for non-profit organizations?', 'Is there non-profit pricing?'],
  ['Can I pay with Bitcoin or another cryptocurrency?', 'Do you take crypto like Bitcoin?'],
  ['Is Acme Cloud HIPAA compliant?', 'Will you sign a HIPAA BAA?'],
  ['Do you have a native mobile app for Android?', 'Is there an Android app?'],
  ['Is there a student discount?', 'Do students get cheaper pricing?'],
  ['Can I change the color theme of the dashboard?', 'Is there a dark mode for the dashboard?'],
  ['Does Acme Cloud support SCIM provisioning?', 'Can users be provisioned with SCIM?'],
  ['What is the maximum file size for uploads?', 'How big can an uploaded file be?'],
  ['Can I get a dedicated account manager on the Team plan?', 'Do Team customers get a dedicated account manager?'],
  ['Do you have an office in Singapore I can visit?', 'Where are your offices located?'],
  ['How do I migrate my data from Trello?', 'Is there a Trello importer?'],
  ['What is the carbon footprint of your data centers?', 'Are your data centers carbon neutral?'],
];
