/* gk-import-xlsx-parser.c: the nodes of one XML part of an XLSX workbook
 *
 * libxml2's SAX2 parser reads the part without network access, DTDs or
 * entity substitution, and hands each element, end of element and text to
 * a function, with the line of the innermost open element for errors.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <libxml/parserInternals.h>
#include <glib/gi18n-lib.h>

#include "gk-import-xlsx-private.h"

typedef struct
{
  char *message;
  int   line;
} XmlError;

typedef struct
{
  xmlParserCtxtPtr ctxt;
  GkXlsxNodeFunc   func;
  gpointer         data;
  GError          *error;     /* set by a GkXlsxNodeFunc */
  XmlError         xml_error;
  GArray          *lines;     /* line of each open element, up to depth */
  guint            depth;
  gboolean         pending_empty;
  gboolean         doctype;   /* a document type declaration was met */
} Parse;

#define CHUNK_SIZE 65536

static void
parse_stop (Parse *parse)
{
  xmlStopParser (parse->ctxt);
}

static void
dispatch (Parse            *parse,
          const GkXlsxNode *node)
{
  if (parse->error != NULL || parse->doctype)
    return;
  if (!parse->func (node, parse->data, &parse->error))
    parse_stop (parse);
}

static void
start_element_cb (void           *ctx,
                  const xmlChar  *localname,
                  const xmlChar  *prefix,
                  const xmlChar  *uri,
                  int             n_namespaces,
                  const xmlChar **namespaces,
                  int             n_attributes,
                  int             n_defaulted,
                  const xmlChar **attributes)
{
  Parse *parse = ctx;
  const xmlChar *cur = parse->ctxt->input->cur;
  int line = parse->ctxt->input->line;
  GkXlsxNode node = { GK_XLSX_NODE_ELEMENT, (const char *) localname, FALSE, n_namespaces, namespaces,
                n_attributes, attributes, NULL, 0 };

  /* With an undeclared prefix the element is named "x:c", which matches nothing. */
  if (prefix != NULL && uri == NULL)
    node.name = "";
  /* The parser stops right before "/>" or ">" when it reports the tag. */
  node.empty = cur != NULL && cur[0] == '/' && cur[1] == '>';
  /* The array only grows: no call for most elements. */
  if (parse->depth == parse->lines->len)
    g_array_set_size (parse->lines, parse->depth + 1);
  g_array_index (parse->lines, int, parse->depth++) = line;
  parse->pending_empty = node.empty;
  dispatch (parse, &node);
}

static void
end_element_cb (void          *ctx,
                const xmlChar *localname,
                const xmlChar *prefix,
                const xmlChar *uri)
{
  Parse *parse = ctx;
  GkXlsxNode node = { GK_XLSX_NODE_END_ELEMENT, (const char *) localname, FALSE, 0, NULL, 0, NULL, NULL, 0 };

  if (prefix != NULL && uri == NULL)
    node.name = "";
  if (parse->depth > 0)
    parse->depth--;
  if (parse->pending_empty)
    {
      parse->pending_empty = FALSE;
      return;
    }
  dispatch (parse, &node);
}

static void
characters_cb (void          *ctx,
               const xmlChar *text,
               int            length)
{
  Parse *parse = ctx;
  GkXlsxNode node = { GK_XLSX_NODE_TEXT, NULL, FALSE, 0, NULL, 0, NULL, (const char *) text, 0 };

  node.text_len = length > 0 ? (gsize) length : 0;
  dispatch (parse, &node);
}

static void
internal_subset_cb (void          *ctx,
                    const xmlChar *name,
                    const xmlChar *external_id,
                    const xmlChar *system_id)
{
  Parse *parse = ctx;

  /* Spreadsheet parts never have one; refusing it keeps entity tricks out. */
  g_free (parse->xml_error.message);
  parse->xml_error.message = g_strdup (_("a document type declaration is not allowed"));
  parse->xml_error.line = parse->ctxt->input->line;
  parse->doctype = TRUE;
  parse_stop (parse);
}

static void
structured_error_cb (void        *ctx,
                     xmlErrorPtr  xml_error)
{
  Parse *parse = ctx;

  if (parse->xml_error.message == NULL && xml_error->message != NULL)
    {
      parse->xml_error.message = g_strstrip (g_strdelimit (g_utf8_make_valid (xml_error->message,
                                                                              -1), "\n", ' '));
      /* Like the tree builder: the line of the innermost open element. */
      parse->xml_error.line = parse->depth > 0
                              ? g_array_index (parse->lines, int, parse->depth - 1)
                              : xml_error->line;
    }
}

static void
init_handler (xmlSAXHandler *handler)
{
  memset (handler, 0, sizeof *handler);
  handler->initialized = XML_SAX2_MAGIC;
  handler->startElementNs = start_element_cb;
  handler->endElementNs = end_element_cb;
  handler->characters = characters_cb;
  handler->ignorableWhitespace = characters_cb;
  handler->cdataBlock = characters_cb;
  handler->internalSubset = internal_subset_cb;
  handler->serror = structured_error_cb;
}

/* Feeds @xml to the push parser in chunks: how damaged parts were always
 * read, so that errors keep their messages and lines. */
static void
parse_push (Parse      *parse,
            const char *xml,
            gsize       size)
{
  gsize offset = 0;

  do
    {
      gsize n = MIN (size - offset, CHUNK_SIZE);

      xmlParseChunk (parse->ctxt, xml + offset, (int) n, offset + n == size);
      offset += n;
    }
  while (offset < size && parse->error == NULL && !parse->doctype && parse->ctxt->wellFormed);
}

/* Parses @part, handing every node to @func; FALSE with @error set if the
 * XML is damaged or @func fails. Parts are read with libxml2's pull parser,
 * which has the whole part in memory and needs no look-ahead for the end of
 * every tag; the push parser reports some errors differently, so a workbook
 * that fails is read again with it (push). */
gboolean
gk_xlsx_parse_part (gboolean         push,
                    GBytes          *bytes,
                    const char      *part,
                    GkXlsxNodeFunc   func,
                    gpointer         data,
                    GError         **error)
{
  xmlSAXHandler handler;
  Parse parse = { NULL, func, data, NULL, { NULL, 0 }, NULL, 0, FALSE, FALSE };
  gsize size;
  const char *xml = g_bytes_get_data (bytes, &size);
  gboolean ok;

  if (size == 0 || size > G_MAXINT)
    {
      gk_xlsx_set_damaged (error, part);
      return FALSE;
    }
  init_handler (&handler);
  parse.ctxt = push ? xmlCreatePushParserCtxt (&handler, &parse, NULL, 0, NULL)
                          : xmlCreateMemoryParserCtxt (xml, (int) size);
  if (parse.ctxt == NULL)
    {
      gk_xlsx_set_damaged (error, part);
      return FALSE;
    }
  if (!push)
    {
      *parse.ctxt->sax = handler;
      parse.ctxt->userData = &parse;
    }
  /* No XML_PARSE_NOENT, DTDLOAD or HUGE: entities stay unexpanded, nothing
   * is fetched, and libxml2's own size limits apply. */
  xmlCtxtUseOptions (parse.ctxt, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  parse.lines = g_array_new (FALSE, FALSE, sizeof (int));

  if (push)
    parse_push (&parse, xml, size);
  else
    xmlParseDocument (parse.ctxt);

  /* Namespace errors leave the document well-formed and are let through. */
  ok = parse.error == NULL && !parse.doctype && parse.ctxt->wellFormed;
  if (parse.error != NULL)
    g_propagate_error (error, g_steal_pointer (&parse.error));
  else if (!ok)
    g_set_error (error, GK_SHEET_ERROR, GK_SHEET_ERROR_CORRUPT,
                 _("The XLSX file is damaged: part “%s”, line %d: %s."), part,
                 parse.xml_error.line,
                 parse.xml_error.message != NULL ? parse.xml_error.message : "XML");
  /* libxml2 builds a document of its own to hold the entities of an
   * internal subset, even for SAX (xmlParseEntityDecl()): ours to free. */
  if (parse.ctxt->myDoc != NULL)
    xmlFreeDoc (parse.ctxt->myDoc);
  xmlFreeParserCtxt (parse.ctxt);
  g_array_unref (parse.lines);
  g_free (parse.xml_error.message);
  return ok;
}
