# Strict warnings for irisac's own targets only (third-party headers are included as SYSTEM).
function(irisac_set_warnings target)
  target_compile_options(${target} PRIVATE
    -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wnon-virtual-dtor
    -Wold-style-cast -Wcast-align -Woverloaded-virtual -Wdouble-promotion
    -Wimplicit-fallthrough -Wformat -Wformat-security)
  if(IRISAC_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
