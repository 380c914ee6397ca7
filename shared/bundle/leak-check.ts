import { secretForms } from './secret-forms';

export interface Leak {
  file: string;
  rule: string;
}

/**
 * The last net before a bundle is written: which files still hold any form of a secret the
 * redactor found. The writer refuses to write when this is not empty; the secret itself is never
 * named, only the file and the rule that found it.
 */
export function findLeaks(files: readonly { name: string; text: string }[], secrets: readonly { value: string; rule: string }[]): Leak[] {
  const leaks: Leak[] = [];
  for (const { value, rule } of secrets) {
    const forms = secretForms(value);
    for (const file of files) {
      if (forms.some((form) => file.text.includes(form)) && !leaks.some((l) => l.file === file.name && l.rule === rule)) leaks.push({ file: file.name, rule });
    }
  }
  return leaks;
}
