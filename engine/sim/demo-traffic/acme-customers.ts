import { intBetween, pick, type Rng } from '../prng.js';

/** A fictional Acme Cloud user. Contact details use reserved example domains and 555-01xx numbers. */
export interface Customer {
  userId: string;
  firstName: string;
  lastName: string;
  workspace: string;
  plan: 'Free' | 'Team' | 'Business' | 'Enterprise';
  tier: 'free' | 'pro' | 'enterprise';
  email: string;
  phone: string;
}

const FIRST = ['Jane', 'Omar', 'Priya', 'Lucas', 'Mei', 'Tom', 'Aisha', 'Diego', 'Sofia', 'Kenji', 'Fatima', 'Noah', 'Elena', 'Sam', 'Chloe', 'Ravi', 'Hannah', 'Mateo', 'Grace', 'Yusuf'];
const LAST = ['Doe', 'Haddad', 'Raman', 'Moreau', 'Chen', 'Becker', 'Okafor', 'Alvarez', 'Rossi', 'Tanaka', 'Nasser', 'Smith', 'Petrova', 'Lindqvist', 'Dubois', 'Iyer', 'Walsh', 'Garcia', 'Kim', 'Yilmaz'];
const ORGS = ['northwind-labs', 'bluefin-analytics', 'copperleaf', 'harbor-health', 'kitestring', 'lumen-studio', 'orbitly', 'pinecrest-legal', 'quartz-retail', 'redwood-robotics', 'silverline-ops', 'tidal-media'];
const MAIL_DOMAINS = ['example.com', 'example.org', 'example.net'];
const PLANS: readonly Customer['plan'][] = ['Free', 'Team', 'Team', 'Business', 'Business', 'Enterprise'];

/** A phone number in one of the shapes people type; all in fictional ranges. */
function fakePhone(rng: Rng): string {
  const line = String(intBetween(rng, 100, 199)).padStart(4, '0');
  const area = pick(rng, ['415', '212', '646', '312', '206', '617']);
  switch (intBetween(rng, 0, 3)) {
    case 0:
      return `+1 ${area} 555 ${line}`;
    case 1:
      return `(${area}) 555-${line}`;
    case 2:
      return `+1-${area}-555-${line}`;
    default:
      return `+44 20 7946 ${String(intBetween(rng, 0, 999)).padStart(4, '0')}`;
  }
}

/** A deterministic population of customers. */
export function makeCustomers(rng: Rng, count: number): Customer[] {
  const customers: Customer[] = [];
  const seen = new Set<string>();
  while (customers.length < count) {
    const firstName = pick(rng, FIRST);
    const lastName = pick(rng, LAST);
    const key = `${firstName}.${lastName}`.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    const plan = pick(rng, PLANS);
    customers.push({
      userId: `usr_${(customers.length + 1).toString(36).padStart(3, '0')}${intBetween(rng, 1000, 9999)}`,
      firstName,
      lastName,
      workspace: pick(rng, ORGS),
      plan,
      tier: plan === 'Free' ? 'free' : plan === 'Enterprise' ? 'enterprise' : 'pro',
      email: `${key}@${pick(rng, MAIL_DOMAINS)}`,
      phone: fakePhone(rng),
    });
  }
  return customers;
}
