// Example scorer (JavaScript). A suite uses it as:
//   expectations:
//     - type: custom
//       scorer: no-invented-amounts
//       category: task_success
// It fails an answer that states a money amount ($12.50, 12.50 USD, €9) appearing nowhere in the conversation or
// its documents: support answers about billing and refunds must not invent figures. See the README, "Custom scorers".

const AMOUNT = /(?:[$€£]\s?\d[\d,]*(?:\.\d+)?|\d[\d,]*(?:\.\d+)?\s?(?:USD|EUR|GBP|dollars|euros))/gi;

/** The amounts in a text, normalised to plain numbers ("$1,200.00" → "1200"). */
function amounts(text) {
  return (text.match(AMOUNT) ?? []).map((m) => String(Number(m.replace(/[^\d.]/g, ''))));
}

function messageText(message) {
  if (typeof message.content === 'string') return message.content;
  if (Array.isArray(message.content)) return message.content.map((part) => part.text ?? '').join(' ');
  return '';
}

export default function noInventedAmounts({ output, input }) {
  const stated = amounts(output.text);
  if (stated.length === 0) return { pass: true, reason: 'states no amount' };
  const known = new Set([...input.messages.map(messageText), ...input.documents.map((d) => d.text), input.reference ?? ''].flatMap(amounts));
  const invented = stated.filter((a) => !known.has(a));
  return invented.length === 0
    ? { pass: true, reason: `every amount stated (${stated.join(', ')}) appears in the input` }
    : { pass: false, reason: `states amount(s) found nowhere in the input: ${invented.join(', ')}` };
}
