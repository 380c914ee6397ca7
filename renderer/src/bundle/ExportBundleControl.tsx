import { useEffect, useState } from 'react';
import { useEngine } from '../app/engine-context';
import { ExportBundleDialog } from './ExportBundleDialog';

/**
 * The "Export bundle" button and its dialog, also opened by File > Export Bundle (the
 * `menuCommand` event). Mount it once where the button belongs, beside the verdict.
 */
export function ExportBundleControl({ disabled = false }: { disabled?: boolean }) {
  const { client } = useEngine();
  const [open, setOpen] = useState(false);
  useEffect(() => client.on('menuCommand', ({ command }) => { if (command === 'exportBundle') setOpen(true); }), [client]);
  return (
    <>
      <button type="button" onClick={() => setOpen(true)} disabled={disabled} title="One zip with the capture, HAR, tools.json and a report, secrets removed" data-testid="open-export-bundle">
        Export bundle
      </button>
      {open && <ExportBundleDialog onClose={() => setOpen(false)} />}
    </>
  );
}
