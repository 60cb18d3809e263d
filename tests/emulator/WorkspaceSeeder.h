#pragma once

#include "Workspace.h"

#include <QJsonObject>

namespace notionemu {

// Fills the workspace from the seed JSON described in README.md (the --seed file, POST /__emulator/seed and
// NotionEmulator::seed): people, workspace-level pages, databases with their data sources and schemas, and
// rows. Returns the ids of what it created. Throws ApiError on an invalid seed.
class WorkspaceSeeder {
public:
    static QJsonObject apply(const QJsonObject &seed, Workspace &workspace);
};

} // namespace notionemu
