# IRISAC_SANITIZE="address;undefined" instruments every target in the build (tests included).
if(IRISAC_SANITIZE)
  string(REPLACE ";" "," _irisac_san "${IRISAC_SANITIZE}")
  add_compile_options(-fsanitize=${_irisac_san} -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=${_irisac_san})
endif()
