import type { CaseDetail } from '../../../../shared/domain/case-review.js';
import { LongText } from './LongText.js';

/** The case's documents, those the answers cite marked, and cited ids that name no document flagged as fabricated. */
export function DocumentsPanel({ documents, cited, fabricated }: { documents: CaseDetail['input']['documents']; cited: ReadonlySet<string>; fabricated: readonly string[] }) {
  if (documents.length === 0 && fabricated.length === 0) return null;
  return (
    <section className="case-section" aria-labelledby="case-docs-title" data-testid="documents">
      <h3 id="case-docs-title">
        Documents <span className="count">{documents.length}</span>
      </h3>
      {fabricated.length > 0 && (
        <p className="fabricated-note" data-testid="fabricated">
          Cited but not among the documents (fabricated):{' '}
          {fabricated.map((id) => (
            <code key={id} className="citation fabricated">
              [{id}]
            </code>
          ))}
        </p>
      )}
      <ul className="documents">
        {documents.map((d) => {
          const isCited = cited.has(d.id);
          return (
            <li key={d.id} className={isCited ? 'document cited' : 'document'} data-doc-id={d.id}>
              <div className="document-head">
                <code className="document-id">{d.id}</code>
                {d.title && <span className="document-title">{d.title}</span>}
                {isCited && <span className="cited-badge">cited</span>}
              </div>
              <LongText className="document-text" text={d.text} limit={400} />
            </li>
          );
        })}
      </ul>
    </section>
  );
}
