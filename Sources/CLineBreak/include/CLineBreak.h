#ifndef MACHINAKA_CLINEBREAK_H
#define MACHINAKA_CLINEBREAK_H

#include <stdint.h>

/// Finds the line-break opportunities of UTF-16 text with ICU's line-break iterator
/// (UAX #14 with the locale's tailoring, e.g. Japanese kinsoku for "ja").
///
/// Writes the UTF-16 offsets at which a line may end (each > 0, the last == length) into
/// `out`, at most `capacity` of them, and returns how many there are; a return value above
/// `capacity` means `out` was too small. Returns -1 when ICU reports an error.
int32_t mk_line_breaks(const uint16_t *text, int32_t length, const char *locale,
                       int32_t *out, int32_t capacity);

/// Finds the word boundaries of UTF-16 text with ICU's word-break iterator, which for
/// Japanese and Chinese splits runs of ideographs by ICU's dictionary (山手線|駅). Writes the
/// offsets strictly inside the text, as `mk_line_breaks` does.
int32_t mk_word_breaks(const uint16_t *text, int32_t length, const char *locale,
                       int32_t *out, int32_t capacity);

/// Finds the sentence boundaries of UTF-16 text with ICU's sentence-break iterator (UAX #29;
/// with `@ss=standard` in the locale, no boundary after an abbreviation such as "Mr." or
/// "e.g."). Writes the offsets as `mk_line_breaks` does; each boundary follows the sentence's
/// trailing spaces.
int32_t mk_sentence_breaks(const uint16_t *text, int32_t length, const char *locale,
                           int32_t *out, int32_t capacity);

#endif
