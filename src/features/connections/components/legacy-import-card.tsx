import { useState } from 'react';
import { FileUp } from 'lucide-react';
import { Button } from '@/components/ui/button';
import { Card, CardDescription, CardFooter, CardHeader, CardTitle } from '@/components/ui/card';
import { ImportLegacyDialog } from './import-legacy-dialog';

/** The way in for people coming from a version that kept connections in the browser. */
export function LegacyImportCard() {
  const [open, setOpen] = useState(false);
  return (
    <Card>
      <CardHeader>
        <CardTitle>Import from an older version</CardTitle>
        <CardDescription>
          Older versions kept connections in this browser (“local-openai-models”). Import them as connections; their keys go to the server&apos;s lockbox.
        </CardDescription>
      </CardHeader>
      <CardFooter>
        <Button variant="secondary" onClick={() => setOpen(true)}>
          <FileUp />
          Import old configuration
        </Button>
      </CardFooter>
      <ImportLegacyDialog open={open} onOpenChange={setOpen} />
    </Card>
  );
}
