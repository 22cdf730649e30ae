# Warnings as an INTERFACE target, linked PRIVATE by every target of ours.
add_library(aspirasi_warnings INTERFACE)
add_library(aspirasi::warnings ALIAS aspirasi_warnings)
target_compile_options(aspirasi_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wcast-align -Woverloaded-virtual
  -Wnull-dereference -Wformat=2 -Wimplicit-fallthrough)
if(ASPIRASI_WERROR)
  target_compile_options(aspirasi_warnings INTERFACE -Werror)
endif()
