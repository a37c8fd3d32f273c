/* The built-in tour article (assets/tour.yaml), compiled into the program
 * so that `glosa` with no argument works from the build tree too. */
#ifndef GLOSA_TOUR_H
#define GLOSA_TOUR_H

#include <stddef.h>

extern const unsigned char glosa_tour[];
extern const size_t glosa_tour_len;

#endif
