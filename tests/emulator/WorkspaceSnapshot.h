#pragma once

#include "Workspace.h"

#include <QJsonObject>

namespace notionemu {

// The whole workspace as JSON and back: GET /__emulator/state, snapshot() in tests, and --state FILE.
// Timestamps are kept exact here (the API rounds them when answering).
class WorkspaceSnapshot {
public:
    static QJsonObject toJson(const Workspace &workspace);
    // Replaces the workspace's content. Returns false (and leaves it empty) when `json` is not a snapshot.
    static bool load(const QJsonObject &json, Workspace &workspace);
};

} // namespace notionemu
