/**
 * Data sets: hyperspectral scenes ({@code data.hsi}) and images ({@code data.image}).
 */
package dev.prism.data;
