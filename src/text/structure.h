/*
 * text/structure.h: the text structurer: decoded source -> bulletin xmlDoc
 * (vocabulary v1, docs/bulletin-xml.md). Stages: text/scan (lines -> raw blocks
 * by shape) -> text/classify and its rule families -> doc/build (the only writer
 * of the tree). Warnings (truncated paragraphs, displaced fragments) go to diag.
 */
#ifndef JB_STRUCTURE_H
#define JB_STRUCTURE_H

#include <libxml/tree.h>
#include "../jianbao.h"
#include "source.h"

xmlDoc *jb_structure(const struct jb_source *, const struct jb_options *, struct jb_diag *);

#endif
