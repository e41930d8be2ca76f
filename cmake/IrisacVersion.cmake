# The git commit is baked into the build (re-read at every build, so it never goes stale).
set(IRISAC_VERSION_IN ${CMAKE_CURRENT_LIST_DIR}/version.cpp.in)
set(IRISAC_VERSION_SCRIPT ${CMAKE_CURRENT_LIST_DIR}/GenerateVersion.cmake)
