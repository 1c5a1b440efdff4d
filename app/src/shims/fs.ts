// @arcium-hq/client reads circuit files from disk when uploading them; the web app never does.
const fs = {
  readFileSync(): never {
    throw new Error('there is no file system in the browser');
  },
};
export default fs;
