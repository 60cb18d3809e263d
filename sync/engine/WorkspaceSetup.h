#pragma once

#include "common/Result.h"
#include "mapping/Mapping.h"
#include "notion/NotionClientOptions.h"

#include <QHash>
#include <QString>

namespace pgnotion {

struct CreatedDatabases {
    QHash<QString, QString> databases;   // resource name -> database id
    QHash<QString, QString> dataSources; // resource name -> data source id
};

// Creates the Notion databases a mapping needs, under a page the admin picked and shared with the
// integration: one click instead of building each database and property by hand. Databases are created
// in dependency order so that every relation finds its target. Blocks: not for the GUI thread.
class WorkspaceSetup {
public:
    static Result<CreatedDatabases> createDatabases(const Mapping &mapping, const QString &parentPageId,
                                                    const NotionClientOptions &notion);
};

} // namespace pgnotion
