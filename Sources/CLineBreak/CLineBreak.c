#include "CLineBreak.h"
#include <unicode/ubrk.h>

static int32_t breaks(UBreakIteratorType type, const uint16_t *text, int32_t length, const char *locale,
                      int32_t *out, int32_t capacity) {
    UErrorCode status = U_ZERO_ERROR;
    UBreakIterator *it = ubrk_open(type, locale, (const UChar *)text, length, &status);
    if (U_FAILURE(status)) {
        return -1;
    }
    int32_t count = 0;
    for (int32_t pos = ubrk_following(it, 0); pos != UBRK_DONE; pos = ubrk_next(it)) {
        if (count < capacity) {
            out[count] = pos;
        }
        count++;
    }
    ubrk_close(it);
    return count;
}

int32_t mk_line_breaks(const uint16_t *text, int32_t length, const char *locale,
                       int32_t *out, int32_t capacity) {
    return breaks(UBRK_LINE, text, length, locale, out, capacity);
}

int32_t mk_word_breaks(const uint16_t *text, int32_t length, const char *locale,
                       int32_t *out, int32_t capacity) {
    return breaks(UBRK_WORD, text, length, locale, out, capacity);
}

int32_t mk_sentence_breaks(const uint16_t *text, int32_t length, const char *locale,
                           int32_t *out, int32_t capacity) {
    return breaks(UBRK_SENTENCE, text, length, locale, out, capacity);
}
