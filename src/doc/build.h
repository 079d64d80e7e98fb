/*
 * doc/build.h: the only writer of a bulletin tree from text: jb_plan (from
 * text/classify) + the source it points into -> xmlDoc, @line on every block,
 * ** -> <b>, hard breaks -> <br/>, optional punctuation normalisation.
 */
#ifndef JB_BUILD_H
#define JB_BUILD_H

#include <stdbool.h>
#include <libxml/tree.h>
#include "../text/plan.h"
#include "../text/source.h"

xmlDoc *jb_doc_build(const struct jb_source *, const struct jb_plan *, bool normalize_punct);

#endif
