import { ModalDialog } from './ModalDialog.js';

/** A key and what it does, as the keys dialog lists it. */
export interface KeyHelp {
  keys: string[];
  does: string;
}

/** The keyboard shortcuts of a screen (opened with ?). */
export function KeysDialog({ keys, onClose }: { keys: readonly KeyHelp[]; onClose: () => void }) {
  return (
    <ModalDialog title="Keyboard shortcuts" onClose={onClose} testId="keys-dialog">
      <table className="keys-table">
        <tbody>
          {keys.map((k) => (
            <tr key={k.does}>
              <th scope="row">
                {k.keys.map((key, i) => (
                  <span key={key}>
                    {i > 0 && <span className="keys-or"> or </span>}
                    <kbd>{key}</kbd>
                  </span>
                ))}
              </th>
              <td>{k.does}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ModalDialog>
  );
}
