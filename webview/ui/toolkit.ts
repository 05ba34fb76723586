// The only module that knows about @vscode/webview-ui-toolkit (archived upstream in Jan 2025): the
// side panel builds its controls through these functions, so swapping the toolkit for plain
// elements (or another library) touches this file alone.
// CSP: importing the toolkit runs FAST's `:focus-visible` probe, which appends an empty <style> to <head>;
// it carries the style nonce from <meta property="csp-nonce"> (src/extension/webviewCsp.ts), so the strict
// policy allows it. A replacement must not need inline styles either (set styles through the CSSOM).
import {
  provideVSCodeDesignSystem, vsCodeButton, vsCodeDropdown, vsCodeOption, vsCodeTextField, vsCodeRadioGroup, vsCodeRadio,
  vsCodeDivider, vsCodeProgressRing,
} from '@vscode/webview-ui-toolkit';

let registered = false;

export function registerToolkit(): void {
  if (registered) return;
  registered = true;
  provideVSCodeDesignSystem().register(
    vsCodeButton(), vsCodeDropdown(), vsCodeOption(), vsCodeTextField(), vsCodeRadioGroup(), vsCodeRadio(), vsCodeDivider(),
    vsCodeProgressRing(),
  );
}

export interface Choice {
  value: string;
  label: string;
}

/** A dropdown; `onChange` gets the selected value. */
export function dropdown(id: string, label: string, choices: Choice[], value: string, onChange: (v: string) => void): HTMLElement {
  const wrap = document.createElement('div');
  wrap.className = 'field';
  const l = document.createElement('label');
  l.textContent = label;
  l.htmlFor = id;
  const dd = document.createElement('vscode-dropdown') as HTMLElement & { value: string };
  dd.id = id;
  for (const c of choices) {
    const o = document.createElement('vscode-option') as HTMLElement & { value: string };
    o.setAttribute('value', c.value);
    o.textContent = c.label;
    if (c.value === value) o.setAttribute('selected', '');
    dd.appendChild(o);
  }
  dd.addEventListener('change', () => onChange(dd.value));
  wrap.append(l, dd);
  return wrap;
}

export function setDropdownValue(el: HTMLElement, value: string): void {
  const dd = el.querySelector<HTMLElement & { value: string }>('vscode-dropdown');
  if (dd) dd.value = value;
}

/** A text field with a label; `placeholder` shows the preset's value when the field is empty. */
export function textField(id: string, label: string, value: string, placeholder: string, onChange: (v: string) => void): HTMLElement {
  const tf = document.createElement('vscode-text-field') as HTMLElement & { value: string };
  tf.id = id;
  tf.setAttribute('value', value);
  tf.setAttribute('placeholder', placeholder);
  tf.textContent = label;
  tf.addEventListener('change', () => onChange(tf.value));
  tf.addEventListener('keydown', (e) => {
    if ((e).key === 'Enter') onChange(tf.value);
  });
  return tf;
}

export function textFieldValue(el: HTMLElement): string {
  return (el as HTMLElement & { value: string }).value ?? '';
}

export function setTextField(el: HTMLElement, value: string, placeholder?: string): void {
  (el as HTMLElement & { value: string }).value = value;
  if (placeholder !== undefined) el.setAttribute('placeholder', placeholder);
}

export function button(label: string, onClick: () => void, appearance: 'primary' | 'secondary' | 'icon' = 'secondary'): HTMLElement {
  const b = document.createElement('vscode-button');
  b.setAttribute('appearance', appearance);
  b.textContent = label;
  b.addEventListener('click', onClick);
  return b;
}

/** Radio group; returns the element. */
export function radios(label: string, choices: Choice[], value: string, onChange: (v: string) => void): HTMLElement {
  const g = document.createElement('vscode-radio-group') as HTMLElement & { value: string };
  const l = document.createElement('label');
  l.setAttribute('slot', 'label');
  l.textContent = label;
  g.appendChild(l);
  for (const c of choices) {
    const r = document.createElement('vscode-radio');
    r.setAttribute('value', c.value);
    r.textContent = c.label;
    if (c.value === value) r.setAttribute('checked', '');
    g.appendChild(r);
  }
  g.addEventListener('change', () => onChange(g.value));
  return g;
}

export function divider(): HTMLElement {
  return document.createElement('vscode-divider');
}

export function progressRing(): HTMLElement {
  return document.createElement('vscode-progress-ring');
}
