# `make package`: a Debian package of the programs, the sample configuration (a conffile), the holiday
# calendars, the systemd units and the documentation (docs/INSTALL.md). CPack's DEB generator with
# dpkg-shlibdeps for the library dependencies; the maintainer scripts are in deploy/package/.
# Installed where a Debian package puts things (also for `cmake --install`), unless asked otherwise.
if(CMAKE_INSTALL_PREFIX_INITIALIZED_TO_DEFAULT)
  set(CMAKE_INSTALL_PREFIX /usr CACHE PATH "Install prefix" FORCE)
endif()

install(TARGETS aspirasid aspirasi-ingest aspirasi-responder aspirasi RUNTIME DESTINATION bin)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/deploy/calendars/ DESTINATION share/aspirasi/calendars
        FILES_MATCHING PATTERN "*.toml")

# The conffile: the sample regency with the package's absolute paths (state under /var/lib, the
# calendars under /usr/share), so that it runs as installed; the administrator edits the rest.
file(READ ${PROJECT_SOURCE_DIR}/deploy/nusa-harapan.toml ASPIRASI_SAMPLE_CONFIG)
string(REPLACE "database = \"data/aspirasi.db\"     # relative to this file"
               "database = \"/var/lib/aspirasi/aspirasi.db\"" ASPIRASI_SAMPLE_CONFIG "${ASPIRASI_SAMPLE_CONFIG}")
string(REPLACE "spool = \"data/ingest-spool.db\"    # holds submits while the broker is unreachable (relative to this file)"
               "spool = \"/var/lib/aspirasi-ingest/ingest-spool.db\"    # holds submits while the broker is unreachable"
               ASPIRASI_SAMPLE_CONFIG "${ASPIRASI_SAMPLE_CONFIG}")
string(REPLACE "holidays_dir = \"calendars\"    # libur nasional and cuti bersama, one YYYY.toml a year (relative to this file)"
               "holidays_dir = \"/usr/share/aspirasi/calendars\"    # libur nasional and cuti bersama, one YYYY.toml a year"
               ASPIRASI_SAMPLE_CONFIG "${ASPIRASI_SAMPLE_CONFIG}")
# The YouTube poller's state: under /etc/aspirasi (read-only to the ingest's unit) it could not start.
string(REPLACE "state_path = \"data/youtube-state.db\""
               "state_path = \"/var/lib/aspirasi-ingest/youtube-state.db\"" ASPIRASI_SAMPLE_CONFIG "${ASPIRASI_SAMPLE_CONFIG}")
foreach(expected "/var/lib/aspirasi/aspirasi.db" "/var/lib/aspirasi-ingest/ingest-spool.db" "/usr/share/aspirasi/calendars"
        "/var/lib/aspirasi-ingest/youtube-state.db")
  string(FIND "${ASPIRASI_SAMPLE_CONFIG}" "${expected}" found)
  if(found EQUAL -1)
    message(FATAL_ERROR "cmake/Packaging.cmake: deploy/nusa-harapan.toml changed; the package's config lacks ${expected}")
  endif()
endforeach()
file(WRITE ${CMAKE_CURRENT_BINARY_DIR}/package/aspirasi.toml
     "# /etc/aspirasi/aspirasi.toml: the sample regency (Kabupaten Nusa Harapan). Replace its OPDs, accounts,\n"
     "# rules and admins with yours; docs/INSTALL.md (/usr/share/doc/aspirasi) walks through it.\n\n"
     "${ASPIRASI_SAMPLE_CONFIG}")
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/package/aspirasi.toml DESTINATION /etc/aspirasi)

install(FILES ${PROJECT_SOURCE_DIR}/deploy/aspirasid.service ${PROJECT_SOURCE_DIR}/deploy/aspirasi-ingest.service
              ${PROJECT_SOURCE_DIR}/deploy/aspirasi-responder@.service
        DESTINATION /lib/systemd/system)
install(FILES ${PROJECT_SOURCE_DIR}/deploy/package/copyright ${PROJECT_SOURCE_DIR}/README.md
              ${PROJECT_SOURCE_DIR}/docs/OPERATIONS.md ${PROJECT_SOURCE_DIR}/docs/SECURITY.md
              ${PROJECT_SOURCE_DIR}/docs/PRIVACY.md ${PROJECT_SOURCE_DIR}/docs/PROTOCOL.md
              ${PROJECT_SOURCE_DIR}/docs/INSTALL.md ${PROJECT_SOURCE_DIR}/docs/AUDIT.md
        DESTINATION share/doc/aspirasi)
# A native package's changelog, compressed as Debian wants it (gzip -9n: no name, no time stamp).
execute_process(COMMAND gzip -9nc ${PROJECT_SOURCE_DIR}/deploy/package/changelog
                OUTPUT_FILE ${CMAKE_CURRENT_BINARY_DIR}/package/changelog.gz RESULT_VARIABLE gzip_failed)
if(gzip_failed)
  message(FATAL_ERROR "cmake/Packaging.cmake: gzip of deploy/package/changelog failed")
endif()
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/package/changelog.gz DESTINATION share/doc/aspirasi)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/deploy/prometheus ${PROJECT_SOURCE_DIR}/deploy/nginx ${PROJECT_SOURCE_DIR}/deploy/grafana
        DESTINATION share/doc/aspirasi/examples)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME aspirasi)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_SET_DESTDIR ON)  # the absolute destinations (/etc, /lib/systemd) land where they say
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "Aspirasi team <aspirasi@nusaharapan.go.id>")
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "adduser")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "sqlite3")  # online backups (docs/INSTALL.md)
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "citizen aspiration ticketing broker for local governments")
string(CONCAT CPACK_DEBIAN_PACKAGE_DESCRIPTION
       "Aspirasi turns citizens' comments and messages on Facebook, Instagram,\n"
       "WhatsApp, Telegram, X and YouTube into tickets, routes them to the right\n"
       "agency (OPD), lets its admins answer them on the platform, and escalates\n"
       "anything unanswered past its working-day limit to supervisors, with every\n"
       "step on a tamper-evident record.")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    ${PROJECT_SOURCE_DIR}/deploy/package/postinst ${PROJECT_SOURCE_DIR}/deploy/package/prerm
    ${PROJECT_SOURCE_DIR}/deploy/package/postrm ${PROJECT_SOURCE_DIR}/deploy/package/conffiles)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)
