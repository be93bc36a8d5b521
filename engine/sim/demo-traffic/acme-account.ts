import { chance, intBetween, pick, type Rng } from '../prng.js';
import type { Customer } from './acme-customers.js';

/** The account facts support sees for one customer, as `key: value` lines of the system prompt. */
export interface AccountFacts {
  lines: string[];
  invoiceIds: string[];
  refundIds: string[];
  values: Map<string, string>;
}

/** A question about one fact, and the fact's value a correct answer quotes. */
export interface FactQuestion {
  text: string;
  value: string;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "March 15, 2025" — written out, as a support agent would; UTC so the output never depends on the machine. */
export function longDate(ms: number): string {
  const d = new Date(ms);
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()}`;
}

const DAY = 86_400_000;
const SEATS: Record<Customer['plan'], number> = { Free: 3, Team: 10, Business: 25, Enterprise: 200 };
const INVOICE_STATUSES = ['paid', 'paid', 'open', 'overdue', 'partially paid'];
const REFUND_STATUSES = ['approved', 'pending review', 'issued', 'declined'];

function money(rng: Rng, min: number, max: number): string {
  const cents = intBetween(rng, min * 100, max * 100);
  return `$${(cents / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/** Invents a customer's invoices, refunds and plan facts around the capture week. */
export function makeAccountFacts(rng: Rng, customer: Customer, weekStartMs: number): AccountFacts {
  const lines: string[] = [];
  const values = new Map<string, string>();
  const add = (key: string, value: string) => {
    lines.push(`${key}: ${value}`);
    values.set(key, value);
  };
  const seats = SEATS[customer.plan];
  add('plan', customer.plan);
  add('seats used', `${intBetween(rng, 1, seats)} of ${seats}`);
  add('renewal date', longDate(weekStartMs + intBetween(rng, 5, 200) * DAY));
  const invoiceIds: string[] = [];
  for (let i = intBetween(rng, 1, 3); i > 0; i--) {
    const id = `INV-${intBetween(rng, 1000, 9899) + i}`;
    if (invoiceIds.includes(id)) continue;
    invoiceIds.push(id);
    add(`invoice ${id} amount`, money(rng, 9, customer.plan === 'Enterprise' ? 9000 : 600));
    add(`invoice ${id} due date`, longDate(weekStartMs + intBetween(rng, -20, 25) * DAY));
    add(`invoice ${id} status`, pick(rng, INVOICE_STATUSES));
  }
  const refundIds: string[] = [];
  for (let i = chance(rng, 0.5) ? 2 : 1; i > 0; i--) {
    const id = `R-${intBetween(rng, 10, 4999) + i}`;
    if (refundIds.includes(id)) continue;
    refundIds.push(id);
    add(`refund ${id} amount`, money(rng, 5, 400));
    add(`refund ${id} status`, pick(rng, REFUND_STATUSES));
    add(`refund ${id} expected date`, longDate(weekStartMs + intBetween(rng, 1, 14) * DAY));
  }
  return { lines, invoiceIds, refundIds, values };
}

const BILLING: Record<string, readonly string[]> = {
  amount: ['How much was invoice {id}?', "What's the total on {id}? I want to double-check before I pay.", 'Can you tell me the amount for invoice {id}?', 'hey, how much do we owe on {id}?'],
  'due date': ['When is invoice {id} due?', "What's the due date for {id}?", 'By when do I need to pay invoice {id}?'],
  status: ['Has invoice {id} been paid?', "What's the status of invoice {id}?", 'Is {id} still open or did the payment go through?'],
};
const REFUNDS: Record<string, readonly string[]> = {
  status: ["What's the status of my refund {id}?", 'Any news on refund {id}?', 'Has refund {id} been processed?'],
  amount: ['How much is refund {id} for?', 'What amount will I get back for refund {id}?'],
  'expected date': ['When will I get refund {id}?', 'When should refund {id} land in my account?'],
};
const ACCOUNT: Record<string, readonly string[]> = {
  plan: ['What plan are we on right now?', 'Which Acme Cloud plan is our workspace on?', 'Remind me which plan we have?'],
  'seats used': ['How many seats are we using?', 'How many seats have we used so far?'],
  'renewal date': ['When does our subscription renew?', "What's our renewal date?"],
};

function ask(rng: Rng, facts: AccountFacts, templates: Record<string, readonly string[]>, prefix: string, ids: readonly string[]): FactQuestion {
  const field = pick(rng, Object.keys(templates));
  const id = ids.length > 0 ? pick(rng, ids) : '';
  const key = prefix ? `${prefix} ${id} ${field}` : field;
  const value = facts.values.get(key);
  if (value === undefined) throw new Error(`demo traffic: no fact ${key}`);
  return { text: pick(rng, templates[field]!).replace('{id}', id), value };
}

/** A billing, refunds or account question about one of the customer's facts. */
export function askAboutFact(rng: Rng, facts: AccountFacts, slice: 'billing' | 'refunds' | 'account'): FactQuestion {
  if (slice === 'billing') return ask(rng, facts, BILLING, 'invoice', facts.invoiceIds);
  if (slice === 'refunds') return ask(rng, facts, REFUNDS, 'refund', facts.refundIds);
  return ask(rng, facts, ACCOUNT, '', []);
}
