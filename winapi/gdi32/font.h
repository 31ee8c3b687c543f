/*
 * gdi32/font.h - the logical font object (font.c) and the layouts of
 * LOGFONT and TEXTMETRIC, which font.c and text.c share.
 */
#ifndef MIMIC_WINAPI_GDI32_FONT_H
#define MIMIC_WINAPI_GDI32_FONT_H

#include "winapi/gdi32/gdi.h"
#include <ft2build.h>
#include FT_FREETYPE_H

#define LF_FACESIZE 32

typedef struct {
    LONG lfHeight, lfWidth, lfEscapement, lfOrientation, lfWeight;
    BYTE lfItalic, lfUnderline, lfStrikeOut, lfCharSet, lfOutPrecision, lfClipPrecision, lfQuality, lfPitchAndFamily;
    WCHAR lfFaceName[LF_FACESIZE];
} LOGFONTW;

typedef struct {
    LONG lfHeight, lfWidth, lfEscapement, lfOrientation, lfWeight;
    BYTE lfItalic, lfUnderline, lfStrikeOut, lfCharSet, lfOutPrecision, lfClipPrecision, lfQuality, lfPitchAndFamily;
    char lfFaceName[LF_FACESIZE];
} LOGFONTA;

_Static_assert(sizeof(LOGFONTW) == 92, "LOGFONTW");
_Static_assert(sizeof(LOGFONTA) == 60, "LOGFONTA");

typedef struct {
    LONG tmHeight, tmAscent, tmDescent, tmInternalLeading, tmExternalLeading;
    LONG tmAveCharWidth, tmMaxCharWidth, tmWeight, tmOverhang;
    LONG tmDigitizedAspectX, tmDigitizedAspectY;
    WCHAR tmFirstChar, tmLastChar, tmDefaultChar, tmBreakChar;
    BYTE tmItalic, tmUnderlined, tmStruckOut, tmPitchAndFamily, tmCharSet;
} TEXTMETRICW;

typedef struct {
    LONG tmHeight, tmAscent, tmDescent, tmInternalLeading, tmExternalLeading;
    LONG tmAveCharWidth, tmMaxCharWidth, tmWeight, tmOverhang;
    LONG tmDigitizedAspectX, tmDigitizedAspectY;
    BYTE tmFirstChar, tmLastChar, tmDefaultChar, tmBreakChar;
    BYTE tmItalic, tmUnderlined, tmStruckOut, tmPitchAndFamily, tmCharSet;
} TEXTMETRICA;

_Static_assert(sizeof(TEXTMETRICW) == 60, "TEXTMETRICW");
_Static_assert(sizeof(TEXTMETRICA) == 56, "TEXTMETRICA");

struct gdi_font {
    LOGFONTW lf;
    FT_Face face;           /* opened on first use */
    FT_Face fallback;       /* DejaVu Sans, for characters the face lacks (opened when needed) */
    bool fallback_failed;
    bool failed, fixed;
    int em, ascent, descent, height, internal_leading, ave_width, max_width;
    int adv[256];
    bool adv_known[256];
};

int font_advance(struct gdi_font *f, WCHAR c);
/* The face that has character c (the font's own, else the fallback) and its glyph index. */
FT_Face font_glyph_face(struct gdi_font *f, WCHAR c, FT_UInt *index);

#endif
