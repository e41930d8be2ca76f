# `cmake --install`: headers, the two libraries, the CLI and its data into a prefix, and a package
# for consumers: find_package(irisac CONFIG) with targets irisac::irisac and irisac::io, and
# pkg-config (irisac.pc). Layout (GNUInstallDirs):
#   bin/irisac                         the CLI; finds share/irisac relative to itself
#   include/irisac/...                 public headers (+ the generated irisac/config.hpp)
#   lib/libirisac.a lib/libirisac_io.a
#   lib/cmake/irisac/                  irisacConfig.cmake, irisacTargets.cmake, version file
#   lib/pkgconfig/irisac.pc
#   share/irisac/{experiments,scenarios,python/irisac_plot.py}
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

target_include_directories(irisac PUBLIC $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
set_target_properties(irisac_io PROPERTIES EXPORT_NAME io)

install(TARGETS irisac irisac_io EXPORT irisacTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/irisac DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(FILES ${PROJECT_BINARY_DIR}/include/irisac/config.hpp DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/irisac)
if(TARGET irisac_cli)
  install(TARGETS irisac_cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endif()
set(IRISAC_INSTALL_DATADIR ${CMAKE_INSTALL_DATADIR}/irisac)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/experiments ${PROJECT_SOURCE_DIR}/scenarios
        DESTINATION ${IRISAC_INSTALL_DATADIR})
install(FILES ${PROJECT_SOURCE_DIR}/python/irisac_plot.py DESTINATION ${IRISAC_INSTALL_DATADIR}/python)

set(_cfg_dir ${CMAKE_INSTALL_LIBDIR}/cmake/irisac)
install(EXPORT irisacTargets NAMESPACE irisac:: DESTINATION ${_cfg_dir})
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/irisacConfig.cmake.in
  ${PROJECT_BINARY_DIR}/irisacConfig.cmake INSTALL_DESTINATION ${_cfg_dir})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/irisacConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/irisacConfig.cmake ${PROJECT_BINARY_DIR}/irisacConfigVersion.cmake
        DESTINATION ${_cfg_dir})

# pkg-config: static libraries, so the private dependencies are listed for linking too.
set(_pc_libs_private "-lpthread")
foreach(lib IN LISTS IRISAC_IO_PRIVATE_LIBS)
  string(APPEND _pc_libs_private " ${lib}")
endforeach()
if(DSDP_LIB AND DSDP_INCLUDE_DIR)
  string(APPEND _pc_libs_private " ${DSDP_LIB}")
endif()
configure_file(${PROJECT_SOURCE_DIR}/cmake/irisac.pc.in ${PROJECT_BINARY_DIR}/irisac.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/irisac.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
