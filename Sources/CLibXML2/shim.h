// libxml2 includes ICU's headers when it was built with ICU; those clash with the ICU copy
// inside Swift's Foundation. Nothing here uses libxml2's ICU converter structs, so the
// declarations are left out.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
