#pragma once

#include <QByteArray>

namespace pgnotion {

// The reason phrase of an HTTP status line, for the small HTTP servers of the engine (the webhook receiver,
// the metrics endpoint). Unknown codes get a neutral word: clients read the number.
QByteArray httpReasonPhrase(int status);

} // namespace pgnotion
