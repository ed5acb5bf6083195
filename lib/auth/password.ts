import bcrypt from "bcryptjs";

// bcrypt cost 10: ~60–100 ms on the target 2-core machines, slow enough for offline attacks
// to hurt, fast enough that the sign-in lockout (not hashing cost) limits online guessing.
export const hashPassword = (password: string) => bcrypt.hash(password, 10);
export const verifyPassword = (password: string, hash: string) => bcrypt.compare(password, hash);
