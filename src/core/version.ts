/** The tool's version, named in the user agent of its AWS calls and in `--version`. */
export const VERSION = '0.1.0';
