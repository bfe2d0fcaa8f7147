// DOM builder: every piece of text goes in through textContent, so data is never parsed as markup.

// Event-handler and style attributes would bypass the CSP and the text-only rule.
const FORBIDDEN_ATTRIBUTE = /^(on|style$|srcdoc$)/i;
// Only plain form state may be set as properties; anything else goes through attrs.
const ALLOWED_PROPS = new Set(['value', 'checked', 'disabled', 'selected', 'readOnly', 'required']);

/**
 * Creates an element.
 * opts: {className, id, text, attrs, props, dataset, on: {event: fn}, hidden}
 * children: a node, a string, or an array of them (null/false entries are skipped).
 */
export function el(tag, opts = {}, children = []) {
  const node = document.createElement(tag);
  const { className, id, text, attrs, props, dataset, on, hidden } = opts;
  if (className) {
    node.className = Array.isArray(className) ? className.filter(Boolean).join(' ') : className;
  }
  if (id) node.id = id;
  if (text !== undefined && text !== null) node.textContent = String(text);
  if (attrs) {
    for (const [name, value] of Object.entries(attrs)) {
      if (value === undefined || value === null || value === false) continue;
      if (FORBIDDEN_ATTRIBUTE.test(name)) throw new Error(`attribute not allowed: ${name}`);
      const str = value === true ? '' : String(value);
      if (name === 'href' && /^\s*javascript:/i.test(str)) throw new Error('script URLs are not allowed');
      node.setAttribute(name, str);
    }
  }
  if (props) {
    for (const [name, value] of Object.entries(props)) {
      if (!ALLOWED_PROPS.has(name)) throw new Error(`property not allowed: ${name}`);
      node[name] = value;
    }
  }
  if (dataset) {
    for (const [name, value] of Object.entries(dataset)) {
      if (value !== undefined && value !== null) node.dataset[name] = String(value);
    }
  }
  if (on) {
    for (const [event, handler] of Object.entries(on)) node.addEventListener(event, handler);
  }
  if (hidden) node.hidden = true;
  append(node, children);
  return node;
}

/** Appends children; strings and numbers become text nodes. */
export function append(parent, children) {
  const list = Array.isArray(children) ? children.flat(Infinity) : [children];
  for (const child of list) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return parent;
}

/** Replaces all children of a node. */
export function replace(parent, children) {
  parent.replaceChildren();
  return append(parent, children);
}

/** Marks a busy button (disabled, aria-busy) while an async action runs, then restores it. */
export async function whileBusy(button, action) {
  const wasDisabled = button.disabled;
  button.disabled = true;
  button.setAttribute('aria-busy', 'true');
  try {
    return await action();
  } finally {
    button.disabled = wasDisabled;
    button.removeAttribute('aria-busy');
  }
}

/**
 * Moves a <progress> bar to a job-progress payload {done, total}; an unknown total leaves it
 * indeterminate. Returns the total (0 when unknown).
 */
export function setProgress(bar, payload) {
  const total = Number(payload.total) || 0;
  if (total > 0) {
    bar.max = total;
    bar.value = Math.min(Number(payload.done) || 0, total);
  }
  return total;
}
