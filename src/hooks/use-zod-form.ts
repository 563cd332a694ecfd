import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { z } from 'zod';

type FieldErrors<Values> = Partial<Record<keyof Values, string>>;

function validate<Values extends Record<string, string>, Output>(schema: z.ZodType<Output, Values>, values: Values) {
  const result = schema.safeParse(values);
  if (result.success) return { ok: true as const, data: result.data, errors: {} as FieldErrors<Values> };
  const errors: FieldErrors<Values> = {};
  for (const issue of result.error.issues) {
    const name = issue.path[0] as keyof Values | undefined;
    // The first problem per field is the one to fix first.
    if (name !== undefined && errors[name] === undefined) errors[name] = issue.message;
  }
  return { ok: false as const, errors };
}

/**
 * Small form state for text fields validated by a zod schema. Values are never cleared by a failed
 * submit; errors appear on submit, then follow each keystroke so they vanish as soon as they are
 * fixed; after a failed submit the first invalid control gets focus.
 */
export function useZodForm<Values extends Record<string, string>, Output>(schema: z.ZodType<Output, Values>, initialValues: Values) {
  const [values, setValues] = useState(initialValues);
  const [errors, setErrors] = useState<FieldErrors<Values>>({});
  const [submitted, setSubmitted] = useState(false);
  const [failedAttempts, setFailedAttempts] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);

  useEffect(() => {
    if (failedAttempts === 0) return;
    formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [failedAttempts]);

  const setValue = <K extends keyof Values>(name: K, value: Values[K]) => {
    const next = { ...values, [name]: value };
    setValues(next);
    if (submitted) setErrors(validate(schema, next).errors);
  };

  const handleSubmit = (onValid: (data: Output) => void) => (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSubmitted(true);
    const result = validate(schema, values);
    setErrors(result.errors);
    if (result.ok) onValid(result.data);
    else setFailedAttempts((n) => n + 1);
  };

  return { values, errors, setValue, handleSubmit, formRef };
}
