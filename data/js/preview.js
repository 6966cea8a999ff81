/* preview.js: how the editor's live preview brings its page up to date
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The preview (src/editor/gk-preview.c) shows exactly the HTML the core
 * renderer publishes. It loads a domain's page once and, after each edit,
 * renders the page again and calls gkPreview.update() through
 * webkit_web_view_evaluate_javascript() with what changed, as JSON.
 * Reloading while the user types would flash the page, lose the place
 * they scrolled to and lay the whole table out again, which takes the web
 * process hundreds of milliseconds for a big domain.
 *
 * This file is in the application's GResource and is added to every page
 * the preview loads as a WebKitUserScript, so the update protocol is
 * defined once per page and each update only sends its arguments. The
 * page's own scripts are off (enable-javascript-markup): this and the
 * editor's calls are the only scripts that run there.
 */

'use strict';

var gkPreview = (function () {
  /* Containers whose children are compared one by one instead of being
   * replaced as a whole: the page is body > section > table > tbody >
   * rows, and most edits change one row. */
  const CONTAINERS = { BODY: true, SECTION: true, TABLE: true, TBODY: true };

  /* Parses @html as the contents of a <template>, where a <tr> may stand
   * on its own, and returns the fragment. Nothing in it runs or loads:
   * template contents are inert. */
  function parse (html) {
    const template = document.createElement ('template');

    template.innerHTML = html;
    return template.content;
  }

  /* Makes @old, in the page, equal to @node, from the new rendering:
   * an element that did not change is left alone (no layout, no flash),
   * a container with the same tag, attributes and number of children is
   * synced child by child, anything else is replaced. */
  function sync (old, node) {
    if (CONTAINERS[old.tagName] && old.tagName === node.tagName
        && old.children.length === node.children.length
        && old.cloneNode (false).isEqualNode (node.cloneNode (false))) {
      const olds = Array.from (old.children);
      const nodes = Array.from (node.children);

      for (let i = 0; i < olds.length; i++)
        sync (olds[i], nodes[i]);
    } else if (!old.isEqualNode (node)) {
      old.replaceWith (node);
    }
  }

  /* A new body, sent when more than rows changed (the title, the
   * columns, rows added or removed) or so many rows that the whole body
   * is as cheap. What did not change stays; laying out the whole table
   * again takes a long time for a big domain. */
  function updateBody (html) {
    const fragment = parse (html);

    if (fragment.children.length === document.body.children.length) {
      const olds = Array.from (document.body.children);

      Array.from (fragment.children).forEach ((node, i) => sync (olds[i], node));
    } else {
      document.body.replaceChildren (fragment);
    }
  }

  /* The rows that changed, [[index, html], …]: the index counts the
   * table's rows (tbody > tr) in page order, as the renderer wrote them;
   * the html is the whole <tr>…</tr> of the new rendering. */
  function updateRows (rows) {
    const trs = document.querySelectorAll ('tbody>tr');

    rows.forEach (([index, html]) => {
      trs[index].replaceWith (parse (html).firstElementChild);
    });
  }

  /**
   * gkPreview.update:
   * @body: the HTML inside the new page's <body>, or null
   * @rows: the changed rows, [[index, html], …], or null
   * @id: the id of the item being edited, "" for none
   * @scroll: whether to bring that item's row into view
   *
   * Brings the page up to date with the new rendering, keeping the place
   * the user scrolled to. The highlight (class gk-highlight on the item's
   * row) is the renderer's: moving it changes two rows like any edit.
   * The row is scrolled to only when the editor selects another item,
   * never while the user types, so the page does not jump under them.
   *
   * Returns: true, for webkit_web_view_evaluate_javascript() to report
   */
  function update (body, rows, id, scroll) {
    const x = window.scrollX;
    const y = window.scrollY;

    if (body !== null)
      updateBody (body);
    if (rows !== null)
      updateRows (rows);

    /* Replacing elements may move the viewport: put it back. */
    if (window.scrollX !== x || window.scrollY !== y)
      window.scrollTo (x, y);

    const row = id ? document.getElementById ('item-' + id) : null;

    if (scroll && row)
      row.scrollIntoView ({ block: 'nearest' });
    return true;
  }

  return Object.freeze ({ update: update });
}) ();
